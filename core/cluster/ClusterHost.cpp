#include "cluster/ClusterHost.h"

#include "journal/EventJournal.h"
#include "store/Store.h"
#include "passway/Clock.h"

#include <Poco/Logger.h>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("cluster"); }

constexpr int kTailBatch = 500;

} // namespace

ClusterHost::ClusterHost(ClusterRepository& cluster, EventBus& bus, EventJournal& journal, ClusterOptions options)
    : cluster_(cluster),
      bus_(bus),
      journal_(journal),
      options_(std::move(options)),
      startedAt_(nowMillis()),
      unheld_(cluster_, bus_, options_.unheldOffline) {}

ClusterHost::~ClusterHost() { stop(); }

bool ClusterHost::handedOn(const std::string& topic) {
    return topic.rfind("person.", 0) == 0 || topic.rfind("command.", 0) == 0 || topic == "sync.wanted" ||
           topic == "device.state.changed" || topic == "device.parameters.changed" ||
           topic == "device.access_groups.changed" || topic == "device.removed" || topic == "device.address_accepted" ||
           topic == "script.changed";  // an admin's script edit: every host loads the scripts
}

void ClusterHost::start(std::function<void()> lead, std::function<void()> follow) {
    lead_ = std::move(lead);
    follow_ = std::move(follow);
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    // The tail starts at the journal's end: what came before is in the store
    // already, which every in-memory listener reads when it starts.
    position_ = journal_.store().journal().lastSeq();
    wakeup_ = cluster_.journalWakeup();
    leaderLock_ = cluster_.leaderLock();
    heartbeatOnce();
    log().information("cluster host " + options_.hostId + (leading_ ? " leads" : " follows"));
    tailThread_ = std::thread([this] { tail(); });
    beatThread_ = std::thread([this] { beat(); });
}

void ClusterHost::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !tailThread_.joinable() && !beatThread_.joinable()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (tailThread_.joinable()) tailThread_.join();
    if (beatThread_.joinable()) beatThread_.join();
    if (leading_.exchange(false)) {
        if (follow_) follow_();
        if (leaderLock_) leaderLock_->release();
    }
    leaderLock_.reset();
    {
        std::lock_guard lock(leasesMutex_);
        held_.clear();
    }
    try {
        cluster_.leave(options_.hostId);
    } catch (const std::exception& e) {
        log().warning(std::string("leaving the cluster: ") + e.what());
    }
}

void ClusterHost::tail() {
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        std::vector<JournalEntry> entries;
        try {
            entries = journal_.store().journal().readAfter(position_.load(), kTailBatch);
        } catch (const std::exception& e) {
            log().warning(std::string("tailing the journal: ") + e.what());
        }
        if (!entries.empty()) {
            std::vector<Event> elsewhere;
            for (const auto& entry : entries) {
                if (entry.host == options_.hostId || !handedOn(entry.topic)) continue;
                Event event;
                event.topic = entry.topic;
                event.payload = entry.payload;
                event.source = entry.source;
                event.at = entry.at;
                event.sequence = static_cast<std::uint64_t>(entry.seq);
                elsewhere.push_back(std::move(event));
            }
            position_ = entries.back().seq;
            if (!elsewhere.empty()) bus_.deliverFromElsewhere(std::move(elsewhere));
            // This host's durable subscribers (e.g. the leader's scripts) wait
            // on local appends: tell them about the others'.
            journal_.noteElsewhere(entries.back().seq);
            if (static_cast<int>(entries.size()) == kTailBatch) continue;
        }
        wakeup_->wait(options_.poll);
    }
}

void ClusterHost::beat() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, options_.heartbeat, [this] { return stopping_; });
        if (stopping_) return;
        lock.unlock();
        heartbeatOnce();
        lock.lock();
    }
}

void ClusterHost::heartbeatOnce() {
    const bool held = leaderLock_->hold();
    if (held != leading_.load()) {
        leading_ = held;
        log().notice("cluster host " + options_.hostId + (held ? " is now the leader" : " is no longer the leader"));
        try {
            if (held && lead_) lead_();
            if (!held && follow_) follow_();
        } catch (const std::exception& e) {
            log().error(std::string("changing leadership: ") + e.what());
        }
    }
    const std::int64_t now = nowMillis();
    try {
        cluster_.beat(ClusterHostRow{options_.hostId, options_.address, startedAt_, now, position_.load(), held});
        cluster_.renewLeases(options_.hostId, now + options_.leaseFor.count());
        // A host silent for ten leases died: its row (and leases) go.
        cluster_.forgetHostsSeenBefore(now - 10 * options_.leaseFor.count());
    } catch (const std::exception& e) {
        log().warning(std::string("cluster heartbeat: ") + e.what());
    }
    try {
        if (held) {
            unheld_.run(now);
        } else {
            unheld_.forget();
        }
    } catch (const std::exception& e) {
        log().warning(std::string("looking for terminals no host holds: ") + e.what());
    }
}

void ClusterHost::connected(std::int64_t deviceId) {
    const std::int64_t now = nowMillis();
    {
        std::lock_guard lock(leasesMutex_);
        const auto found = held_.find(deviceId);
        // Renewed with the heartbeat meanwhile; written again after a
        // while in case another host took it over.
        if (found != held_.end() && now - found->second < 12 * options_.leaseFor.count()) return;
        held_[deviceId] = now;
    }
    try {
        cluster_.holdDevice(deviceId, options_.hostId, now, now + options_.leaseFor.count());
    } catch (const std::exception& e) {
        std::lock_guard lock(leasesMutex_);
        held_.erase(deviceId);  // tried again at the next contact
        log().warning("device " + std::to_string(deviceId) + " lease: " + e.what());
    }
}

void ClusterHost::disconnected(std::int64_t deviceId) {
    {
        std::lock_guard lock(leasesMutex_);
        held_.erase(deviceId);
    }
    try {
        cluster_.releaseDevice(deviceId, options_.hostId);
    } catch (const std::exception& e) {
        log().warning("device " + std::to_string(deviceId) + " lease: " + e.what());
    }
}

bool ClusterHost::heldElsewhere(std::int64_t deviceId) {
    try {
        const auto lease = cluster_.leaseOf(deviceId);
        return lease && lease->host != options_.hostId && lease->expiresAt > nowMillis();
    } catch (const std::exception& e) {
        // Unknown: the caller goes on as a host alone would.
        log().warning("device " + std::to_string(deviceId) + " lease: " + e.what());
        return false;
    }
}

} // namespace passway
