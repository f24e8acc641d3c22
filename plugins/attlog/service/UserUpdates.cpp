#include "service/UserUpdates.h"

#include "mapping/ZkUser.h"
#include "passway/Clock.h"
#include "passway/JsonText.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>
#include <Poco/SHA1Engine.h>

#include <algorithm>

namespace passway::attlog {

namespace {

std::string key(std::int64_t deviceId) {
    return "users." + std::to_string(deviceId);
}

std::string digestOf(std::vector<SyncTask> tasks) {
    std::sort(tasks.begin(), tasks.end(), [](const SyncTask& a, const SyncTask& b) {
        return std::tie(a.userId, a.removal, a.ticket) < std::tie(b.userId, b.removal, b.ticket);
    });
    Poco::SHA1Engine sha;
    for (const auto& t : tasks) {
        const std::string line = std::to_string(t.userId) + (t.removal ? "-" : "+") + std::to_string(t.ticket) + ";";
        sha.update(line);
    }
    return Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace

std::shared_ptr<std::mutex> UserUpdates::lockOf(std::int64_t deviceId) {
    std::lock_guard lock(mutex_);
    auto& m = locks_[deviceId];
    if (!m) m = std::make_shared<std::mutex>();
    return m;
}

UserUpdates::State UserUpdates::load(std::int64_t deviceId) {
    State s;
    const auto text = context_.kv().get(key(deviceId));
    if (!text) return s;
    const auto o = json::objectOr(*text);
    s.timeStamp = o->optValue<Poco::Int64>("timeStamp", 0);
    s.digest = o->optValue<std::string>("digest", "");
    if (const auto tasks = o->getArray("outstanding")) {
        for (unsigned i = 0; i < tasks->size(); ++i) {
            const auto t = tasks->getObject(i);
            if (!t) continue;
            SyncTask task;
            task.userId = t->optValue<std::uint32_t>("userId", 0);
            task.removal = t->optValue<bool>("removal", false);
            task.held = t->optValue<bool>("held", false);
            task.ticket = t->optValue<Poco::Int64>("ticket", 0);
            s.outstanding.push_back(task);
        }
    }
    return s;
}

void UserUpdates::save(std::int64_t deviceId, const State& s) {
    auto o = json::ordered();
    o->set("timeStamp", s.timeStamp);
    o->set("digest", s.digest);
    Poco::JSON::Array::Ptr tasks = new Poco::JSON::Array();
    for (const auto& t : s.outstanding) {
        auto item = json::ordered();
        item->set("userId", t.userId);
        item->set("removal", t.removal);
        item->set("held", t.held);
        item->set("ticket", t.ticket);
        tasks->add(item);
    }
    o->set("outstanding", tasks);
    context_.kv().set(key(deviceId), json::text(o));
}

Poco::JSON::Object::Ptr UserUpdates::answer(std::int64_t deviceId, const std::string& serial,
                                            std::optional<std::int64_t> echoedTimeStamp) {
    const auto deviceLock = lockOf(deviceId);
    std::lock_guard lock(*deviceLock);
    State state = load(deviceId);

    if (!state.outstanding.empty()) {
        const bool confirmed = config_.userConfirmation == UserConfirmation::NextRequest
                                   ? !echoedTimeStamp || *echoedTimeStamp == state.timeStamp
                                   : echoedTimeStamp && *echoedTimeStamp == state.timeStamp;
        if (confirmed) {
            for (const auto& task : state.outstanding) context_.sync().confirm(deviceId, task);
            context_.logger().debug("SN " + serial + ": " + std::to_string(state.outstanding.size()) +
                                    " user change(s) of timeStamp " + std::to_string(state.timeStamp) + " confirmed");
            state.outstanding.clear();
        }
    }

    const int limit = config_.maxUsersPerAnswer;
    std::vector<SyncTask> tasks = context_.sync().next(deviceId, true, limit);
    if (static_cast<int>(tasks.size()) < limit) {
        auto adds = context_.sync().next(deviceId, false, limit - static_cast<int>(tasks.size()));
        tasks.insert(tasks.end(), adds.begin(), adds.end());
    }
    const std::int64_t nowSeconds = nowMillis() / 1000;
    if (tasks.empty()) {
        // Nothing to change: the version the device holds stays the answer.
        if (state.timeStamp == 0) state.timeStamp = nowSeconds;
    } else {
        const std::string digest = digestOf(tasks);
        if (digest != state.digest) {
            state.timeStamp = std::max(nowSeconds, state.timeStamp + 1);
            state.digest = digest;
        }
    }
    state.outstanding = tasks;
    save(deviceId, state);

    const ZkUserDefaults defaults{config_.defaultGroup, config_.defaultTimeZone};
    Poco::JSON::Array::Ptr updates = new Poco::JSON::Array();
    Poco::JSON::Array::Ptr deletions = new Poco::JSON::Array();
    for (const auto& task : tasks) {
        const auto person = context_.persons().find(task.userId);
        if (!person) {
            deletions->add(ZkUser::removed(task.userId));
        } else if (task.removal || person->role == "blacklist") {
            // ZK has no blacklist privilege: a blacklisted person is taken off the device.
            deletions->add(ZkUser::of(*person, defaults));
        } else {
            updates->add(ZkUser::of(*person, defaults));
        }
    }
    auto body = json::ordered();
    body->set("state", "OK");
    body->set("SN", serial);
    body->set("timeStamp", state.timeStamp);
    body->set("update_users", updates);
    body->set("dele_users", deletions);
    return body;
}

bool UserUpdates::failed(std::int64_t deviceId, const std::string& message) {
    const auto deviceLock = lockOf(deviceId);
    std::lock_guard lock(*deviceLock);
    State state = load(deviceId);
    if (state.outstanding.empty()) return false;
    for (const auto& task : state.outstanding) {
        context_.sync().fail(deviceId, task.userId, SyncFailureKind::Transient, -1, message);
    }
    state.outstanding.clear();
    state.digest.clear();  // the same tasks again are a new version: the bridge must not skip them
    save(deviceId, state);
    return true;
}

}  // namespace passway::attlog
