// /People/DeletePeopleList (aliases /People/SelectDeleteInfo,
// /DevicePass/SelectDeleteInfo) and /People/DeletePeopleListResult: the
// ledger's pending removals in batches, or DeleteAll for a clear_persons
// command; the Result confirms what was handed out.

#include "handlers/Handlers.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

#include <algorithm>

namespace passway::httpv2 {

void handleDeletePeopleList(Exchange& ex) {
    const JsonFields fields(ex.json());
    const auto device = ex.activeDevice(Exchange::serialOf(fields));
    auto& s = ex.services();
    const auto& config = ex.config();

    for (const auto& command : s.context.commands().queued(device->id, 32)) {
        if (command.kind != "clear_persons") continue;
        s.commands.markSent(command, true, 0, "", ex.now());
        s.batches.handOutDeleteAll(device->id, command.id);
        Reply reply = Reply::ok();
        reply.set("DeleteAll", 1);
        reply.set("DeleteCount", 0);
        reply.set("DeleteList", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
        ex.send(reply);
        return;
    }

    const int limit = static_cast<int>(
        std::clamp<std::int64_t>(fields.integer("Limit").value_or(config.defaultDeleteLimit), 1, config.maxPeopleLimit));
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    std::vector<HandedOut> handed;
    for (const auto& entry : s.work.actionable(device->id, true, limit, ex.now())) {
        list->add(static_cast<Poco::UInt64>(entry.userId));  // numbers, as in the example
        handed.push_back({entry.userId, entry.ticket});
    }
    s.batches.handOut(device->id, true, handed, ex.now());
    Reply reply = Reply::ok();
    reply.set("DeleteAll", 0);
    reply.set("DeleteCount", static_cast<int>(list->size()));
    reply.set("DeleteList", list);
    ex.send(reply);
}

void handleDeletePeopleListResult(Exchange& ex) {
    const JsonFields fields(ex.json());
    const auto device = ex.activeDevice(Exchange::serialOf(fields));
    auto& s = ex.services();
    auto& sync = s.context.sync();

    // Every removal handed out is done: a person the terminal did not hold is
    // not there either, and the protocol has no failure for a deletion.
    const auto handed = s.batches.take(device->id, true);
    for (const auto& entry : handed) sync.confirm(device->id, SyncTask{entry.userId, true, true, entry.version});

    if (fields.integer("DeleteAll").value_or(0) == 1) {
        // Honoured only when a clear_persons was sent to this terminal (in
        // this run, or before a restart and still awaited): otherwise anyone
        // who knows a serial could make the host re-queue every person, PINs
        // and photos included, to that terminal.
        const auto handedOut = s.batches.takeDeleteAll(device->id);
        const auto command = s.commands.takeAwaiting(device->id, "clear_persons");
        if (handedOut || command) {
            if (command) {
                s.commands.finish(*command, CommandState::Done, CommandTracker::resultText("deleted", "all persons"));
            }
            sync.cleared(device->id);
        } else {
            s.context.logger().warning(ex.who() + ": a DeleteAll result no clear_persons asked for; ignored");
        }
    }
    const auto listed = fields.array({"DeleteList", "DeletList"});
    if (listed && listed->size() != handed.size() && s.context.logger().debug()) {
        s.context.logger().debug(ex.who() + ": deleted " + std::to_string(listed->size()) + " of " +
                                 std::to_string(handed.size()) + " handed out");
    }
    ex.send(Reply::ok());
}

} // namespace passway::httpv2
