// New AttLog (one record) and Sync AttLog (a batch). A bridge deletes what
// the server acknowledged, so "OK" leaves only once the records are durable
// (RecordIngest returns after the group commit's sync). Records are unique
// per (SN, PIN, TIME, STATUS, VERIFY): a batch sent again stores nothing new.

#include "handlers/Endpoints.h"

#include "mapping/AttRecord.h"
#include "wire/Answer.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

namespace passway::attlog {

namespace {

net::HttpResponse store(Services& services, const BridgeRequest& request, std::vector<IngestItem> items) {
    const std::size_t count = items.size();
    const auto outcomes = services.context.records().ingest(std::move(items));
    std::size_t created = 0;
    for (const auto& o : outcomes) created += o.created ? 1 : 0;
    services.context.logger().debug("SN " + request.serial + ": " + std::to_string(count) + " record(s), " +
                                    std::to_string(created) + " new");
    return Answer::ok(request.serial);
}

IngestItem itemOf(Services& services, const BridgeRequest& request, const Poco::JSON::Object& zk,
                  const std::string& where) {
    try {
        return IngestItem{AttRecord::toRecord(zk, request.device.id, services.config.utcOffsetMinutes), {}};
    } catch (const std::invalid_argument& e) {
        services.context.logger().warning("SN " + request.serial + ": " + where + " refused: " + e.what());
        throw ProtocolError(400, where + ": " + e.what());
    }
}

}  // namespace

net::HttpResponse newAttLog(Services& services, const BridgeRequest& request) {
    const auto record = request.body->getObject("record");
    if (!record) throw ProtocolError(400, "record must be an object");
    std::vector<IngestItem> items;
    items.push_back(itemOf(services, request, *record, "record"));
    return store(services, request, std::move(items));
}

net::HttpResponse syncAttLog(Services& services, const BridgeRequest& request) {
    const auto records = request.body->getArray("records");
    if (!records) throw ProtocolError(400, "records must be an array");
    if (records->size() > static_cast<std::size_t>(services.config.maxRecords)) {
        throw ProtocolError(413, "more than " + std::to_string(services.config.maxRecords) +
                                     " records in one request; send them in smaller batches");
    }
    // All or nothing: "OK" lets the bridge delete the whole batch, so a
    // record that cannot be stored refuses the batch and names itself.
    std::vector<IngestItem> items;
    items.reserve(records->size());
    for (unsigned i = 0; i < records->size(); ++i) {
        const auto zk = records->getObject(i);
        const std::string where = "records[" + std::to_string(i) + "]";
        if (!zk) throw ProtocolError(400, where + " must be an object");
        items.push_back(itemOf(services, request, *zk, where));
    }
    if (items.empty()) return Answer::ok(request.serial);
    return store(services, request, std::move(items));
}

}  // namespace passway::attlog
