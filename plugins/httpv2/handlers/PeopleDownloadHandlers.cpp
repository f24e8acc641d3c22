// /People/DownloadPeopleList (alias /DevicePass/SelectPassInfo) and
// /People/DownloadPeopleListResult: the sync ledger's pending adds and
// updates in batches of the terminal's Limit, and their confirmation.
//
// The Result lists only failures, so each batch is remembered (SyncBatches)
// with the ledger version it stood for: the Result confirms those versions,
// and a person edited in between stays pending for the edit.

#include "handlers/Handlers.h"

#include "mapping/ErrorCodes.h"
#include "mapping/PeopleJsonWriter.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <map>

namespace passway::httpv2 {

namespace {

// An answer stops growing past this many bytes of photos (base64 photo_mode:
// 1000 people with 400 KB photos would be half a gigabyte); the terminal
// asks again for the rest.
constexpr std::size_t kMaxInlinePhotoBytes = 8u << 20;

std::size_t inlineBytes(const Poco::JSON::Object::Ptr& person) {
    if (!person->has("Photo")) return 0;
    const std::string photo = person->getValue<std::string>("Photo");
    return photo.rfind("http", 0) == 0 ? 0 : photo.size();
}

} // namespace

void handleDownloadPeopleList(Exchange& ex) {
    const JsonFields fields(ex.json());
    const auto device = ex.activeDevice(Exchange::serialOf(fields));
    auto& s = ex.services();
    const auto& config = ex.config();
    const int limit = static_cast<int>(
        std::clamp<std::int64_t>(fields.integer("Limit").value_or(config.defaultDownloadLimit), 1, config.maxPeopleLimit));

    auto assets = s.blobs.assets(ex.baseUrl(), config.photoMode);
    const PeopleJsonOptions options{config.templateMd5, config.noTimeGroup};
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    std::vector<HandedOut> handed;
    std::size_t photoBytes = 0;
    for (const auto& entry : s.work.actionable(device->id, false, limit, ex.now())) {
        if (photoBytes > kMaxInlinePhotoBytes) break;
        const auto person = s.context.persons().find(entry.userId);
        if (!person) continue;  // removed meanwhile: the reconciler turns the entry into a removal
        const auto json = toPeopleJson(*person, assets, options);
        photoBytes += inlineBytes(json);
        list->add(json);
        handed.push_back({entry.userId, entry.ticket});
    }
    s.batches.handOut(device->id, false, handed, ex.now());

    Reply reply = Reply::ok();
    // The table says PeopleCount, the example Count: both.
    reply.set("PeopleCount", static_cast<int>(list->size()));
    reply.set("Count", static_cast<int>(list->size()));
    reply.set("PeopleList", list);
    ex.send(reply);
}

void handleDownloadPeopleListResult(Exchange& ex) {
    const JsonFields fields(ex.json());
    const auto device = ex.activeDevice(Exchange::serialOf(fields));
    auto& s = ex.services();
    auto& sync = s.context.sync();

    // FailList; the example repeats "FailCount" for the list; the table's heading says failEmployeeId.
    std::map<std::uint32_t, bool> failed;
    if (const auto list = fields.array({"FailList", "FailCount", "failEmployeeId", "FailedList"})) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto item = list->getObject(static_cast<unsigned>(i));
            if (!item) continue;
            const JsonFields failure(item);
            const auto userId = failure.userId("UserID");
            if (!userId) {
                s.context.logger().warning(ex.who() + ": a FailList entry without a usable UserID");
                continue;
            }
            int code = static_cast<int>(failure.integer("ErrorCode").value_or(1));
            if (code == 0) code = 1;  // 0 would read as "no error" and the person would loop
            const std::string message = personFailureMessage(code, failure.text("RepeatID").value_or(""),
                                                             failure.text("ErrMsg").value_or(""));
            sync.fail(device->id, *userId,
                      personErrorIsTransient(code) ? SyncFailureKind::Transient : SyncFailureKind::Permanent, code,
                      message);
            failed[*userId] = true;
        }
    }

    const auto handed = s.batches.take(device->id, false);
    const auto successCount = fields.integer("SuccessCount");
    std::size_t expected = 0;
    for (const auto& entry : handed) expected += failed.count(entry.userId) ? 0 : 1;
    if (successCount && *successCount >= 0 && static_cast<std::size_t>(*successCount) < expected) {
        // It stored fewer than it was given without saying which: everyone goes out again (an update to it).
        s.context.logger().warning(ex.who() + ": SuccessCount " + std::to_string(*successCount) + " of " +
                                   std::to_string(expected) + " handed out; the batch is sent again");
    } else {
        for (const auto& entry : handed) {
            if (!failed.count(entry.userId)) sync.confirm(device->id, SyncTask{entry.userId, false, true, entry.version});
        }
    }
    if (!failed.empty()) {
        s.context.logger().information(ex.who() + ": " + std::to_string(failed.size()) + " persons failed");
    }
    ex.send(Reply::ok());
}

} // namespace passway::httpv2
