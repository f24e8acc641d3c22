#include "admin/resources/RecordResource.h"

#include "admin/csv/CsvWriter.h"
#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/ModelJson.h"
#include "admin/resources/ImageType.h"
#include "store/BlobStore.h"
#include "store/Store.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <limits>
#include <map>
#include <sstream>
#include <unordered_set>

namespace passway::admin {

namespace {

constexpr int kExportPage = 1000;

std::string isoTime(std::int64_t millis) {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(millis * 1000), "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::string number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

std::vector<std::string> csvRow(const Record& r) {
    return {std::to_string(r.id),
            std::to_string(r.deviceId),
            r.deviceRecordId,
            r.userId ? std::to_string(*r.userId) : std::string(),
            std::to_string(r.deviceTime),
            isoTime(r.deviceTime),
            std::to_string(r.receivedTime),
            r.verifyType,
            r.direction,
            r.temperature ? number(*r.temperature) : std::string(),
            r.result,
            r.reason,
            r.photoBlob};
}

} // namespace

void RecordResource::install(Router& router) {
    router.get("/api/v1/records", Role::Viewer, [this](RequestContext& c) { return list(c); });
    router.get("/api/v1/records/export.csv", Role::Viewer, [this](RequestContext& c) { return exportCsv(c); });
    router.get("/api/v1/records/{id}", Role::Viewer, [this](RequestContext& c) { return get(c); });
    router.get("/api/v1/records/{id}/photo", Role::Viewer, [this](RequestContext& c) { return photo(c); });
}

RecordQuery RecordResource::filters(const RequestContext& ctx) const {
    RecordQuery query;
    query.from = ctx.queryInt("from", 0, INT64_MAX);
    query.to = ctx.queryInt("to", 0, INT64_MAX);
    query.deviceId = ctx.queryInt("deviceId", 1, INT64_MAX);
    if (const auto user = ctx.queryInt("userId", 1, 4294967295)) query.userId = static_cast<std::uint32_t>(*user);
    query.verifyType = ctx.query("verifyType").value_or("");
    query.result = ctx.query("result").value_or("");
    if (query.from && query.to && *query.to < *query.from) throw ApiError::invalid("to", "must not be before from");
    return query;
}

Record RecordResource::load(RequestContext& ctx) {
    auto record = services_.store.records().find(ctx.idParam("id"));
    if (!record) throw ApiError::notFound("no such record: " + ctx.param("id"));
    return *record;
}

Reply RecordResource::list(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    RecordQuery query = filters(ctx);
    query.offset = paging.offset;
    query.limit = paging.limit;
    const auto page = services_.store.records().query(query);
    // The person's name beside the id: one look-up per person on the page
    // (at most `limit`); a removed person's records keep the id alone.
    std::map<std::uint32_t, std::string> names;
    for (const auto& record : page.items) {
        if (!record.userId || names.count(*record.userId)) continue;
        const auto person = services_.store.persons().find(*record.userId);
        names[*record.userId] = person ? person->name : std::string();
    }
    auto items = json::array();
    for (const auto& record : page.items) {
        auto item = modeljson::record(record, false);
        item->set("personName", record.userId ? names[*record.userId] : std::string());
        items->add(item);
    }
    return Reply::json(modeljson::list(items, page.total, paging));
}

Reply RecordResource::get(RequestContext& ctx) {
    const Record record = load(ctx);
    auto item = modeljson::record(record, true);
    std::optional<Person> person;
    if (record.userId) person = services_.store.persons().find(*record.userId);
    item->set("personName", person ? person->name : std::string());
    item->set("personPhoto", person ? person->photoBlob : std::string());
    // The face check's verdict on the photo (RecordFaceMatcher), when it made one.
    Poco::Dynamic::Var faceMatch;
    if (!record.photoBlob.empty()) {
        if (const auto entry = services_.store.journal().latestFaceVerdict(record.id, record.receivedTime)) {
            const auto verdict = json::embed(entry->payload);
            if (verdict.type() == typeid(Poco::JSON::Object::Ptr)) {
                Poco::JSON::Object::Ptr object = verdict.extract<Poco::JSON::Object::Ptr>();
                object->set("topic", entry->topic);
                faceMatch = object;
            }
        }
    }
    item->set("faceMatch", faceMatch);
    return Reply::json(item);
}

Reply RecordResource::photo(RequestContext& ctx) {
    const Record record = load(ctx);
    if (record.photoBlob.empty()) throw ApiError::notFound("record " + ctx.param("id") + " has no photo");
    auto bytes = services_.blobs.get(record.photoBlob);
    if (!bytes) throw ApiError::notFound("the photo of record " + ctx.param("id") + " is missing from the blob store");
    const std::string type = ImageType::sniff(*bytes);
    return Reply::bytes(std::move(*bytes), type.empty() ? "application/octet-stream" : type)
        .header("ETag", "\"" + record.photoBlob + "\"")
        .header("Cache-Control", "private, max-age=86400");  // a record's photo never changes
}

Reply RecordResource::exportCsv(RequestContext& ctx) {
    RecordQuery query = filters(ctx);
    query.limit = kExportPage;
    Store& store = services_.store;
    return Reply::streamed("text/csv; charset=utf-8", [&store, query](std::ostream& out) mutable {
               CsvWriter writer(out);
               writer.writeRow({"id", "deviceId", "deviceRecordId", "userId", "deviceTime", "deviceTimeUtc",
                                "receivedTime", "verifyType", "direction", "temperature", "result", "reason",
                                "photo"});
               // Offset paging over a list that grows while we read: a record
               // arriving with a newer device time pushes rows down, so the
               // head of the next page may repeat the tail of this one. Rows
               // are ordered by deviceTime descending, so anything newer than
               // the last row written, or equal to it and already written, is
               // such a repeat. (Rows only ever shift down, so none is missed.)
               std::int64_t lastTime = std::numeric_limits<std::int64_t>::max();
               std::unordered_set<std::int64_t> writtenAtLastTime;
               for (query.offset = 0;; query.offset += kExportPage) {
                   const auto page = store.records().query(query);
                   for (const auto& record : page.items) {
                       if (record.deviceTime > lastTime ||
                           (record.deviceTime == lastTime && writtenAtLastTime.count(record.id))) {
                           continue;
                       }
                       if (record.deviceTime != lastTime) writtenAtLastTime.clear();
                       lastTime = record.deviceTime;
                       writtenAtLastTime.insert(record.id);
                       writer.writeRow(csvRow(record));
                   }
                   if (static_cast<int>(page.items.size()) < kExportPage) break;
               }
           })
        .header("Content-Disposition", "attachment; filename=\"records.csv\"");
}

} // namespace passway::admin
