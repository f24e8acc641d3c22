// /Device/RemoteCommand (alias /Device/SelectRestart): the queued commands
// of the terminal as the members of one answer, oldest first. Two commands
// that need the same member (two door commands) cannot share an answer: the
// later one stays queued and the next keepalive says Remote again.
// Restart and Recover (restart, factory_reset) travel alone: a terminal that
// reboots or wipes itself does not carry out the other members, which would
// be marked done though they never ran. One waits for the next round when
// others are already in the answer, and ends the answer when it is first.

#include "handlers/Handlers.h"

#include "mapping/CommandMapping.h"

namespace passway::httpv2 {

namespace {

constexpr int kCommandsPerRound = 32;

bool travelsAlone(const std::string& kind) { return kind == "restart" || kind == "factory_reset"; }

// A query is answered by one PushPeople per id it names.
void expectAnswers(Services& s, std::int64_t commandId, const MappedCommand& mapped) {
    std::vector<std::uint32_t> ids;
    if (const auto list = mapped.fields->getArray("QueryPeople")) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            if (const auto id = JsonFields::asUserId(list->get(static_cast<unsigned>(i)))) ids.push_back(*id);
        }
    }
    s.queries.expect(commandId, ids);
}

} // namespace

void handleRemoteCommand(Exchange& ex) {
    const JsonFields fields(ex.json());
    const auto device = ex.activeDevice(Exchange::serialOf(fields));
    auto& s = ex.services();
    auto assets = s.blobs.assets(ex.baseUrl(), ex.config().photoMode);

    Reply reply = Reply::ok();
    std::string sent;
    for (const auto& command : s.context.commands().queued(device->id, kCommandsPerRound)) {
        if (commandChannel(command.kind) != CommandChannel::Remote) continue;  // keepalive flags carry those
        const MappedCommand mapped = mapCommand(command.kind, command.args, assets, ex.config().commands);
        if (!mapped.error.empty()) {
            s.commands.fail(command, mapped.error);
            continue;
        }
        if (travelsAlone(command.kind) && !sent.empty()) break;  // first in the next round, alone
        if (collides(*reply.body(), *mapped.fields)) continue;
        // Sent only once it is marked so: a command cancelled meanwhile is left out.
        if (!s.commands.markSent(command, mapped.awaitsResult, mapped.userId, mapped.note, ex.now())) continue;
        if (command.kind == "query_persons") expectAnswers(s, command.id, mapped);
        for (const auto& name : mapped.fields->getNames()) reply.set(name, mapped.fields->get(name));
        sent += (sent.empty() ? "" : ", ") + command.kind + " #" + std::to_string(command.id);
        if (travelsAlone(command.kind)) break;
    }
    if (!sent.empty()) s.context.logger().information(ex.who() + ": sent " + sent);
    ex.send(reply);
}

} // namespace passway::httpv2
