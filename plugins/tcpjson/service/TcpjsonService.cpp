#include "service/TcpjsonService.h"

#include "mapping/AccessRecord.h"
#include "service/ClockCheck.h"
#include "service/DeviceInfo.h"
#include "passway/Clock.h"
#include "passway/Events.h"
#include "passway/JsonText.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <chrono>

namespace passway::tcpjson {

namespace {

constexpr std::size_t kMaxUuid = 64;
constexpr std::int64_t kFullKickMs = 30000;
constexpr int kMaxUnhandled = 1024;

// The uuid of a device_info, as text; empty when missing or unusable.
std::string uuidOf(const Poco::JSON::Object& info) {
    if (!info.has("uuid") || info.isNull("uuid")) return {};
    const auto value = info.get("uuid");
    if (!value.isString() && !value.isInteger()) return {};
    const std::string uuid = value.convert<std::string>();
    if (uuid.empty() || uuid.size() > kMaxUuid) return {};
    for (unsigned char c : uuid) {
        if (c < 0x21 || c > 0x7e) return {};
    }
    return uuid;
}

} // namespace

TcpjsonService::TcpjsonService(PluginContext& context, TcpjsonConfig config)
    : context_(context),
      config_(std::move(config)),
      workers_(config_.workers, "tcpjson worker"),
      requests_(workers_, config_.requestTimeoutMs),
      ledger_(context.sync(), workers_, context.logger()),
      mappings_(context, config_),
      pump_(context, config_, workers_, requests_, ledger_, mappings_),
      server_(*this, ConnectionLimits{config_.maxObjectBytes, 8192, 64u << 20, config_.allowedOrigins},
              config_.maxConnections,
              [&context](const std::string& source) { return context.devices().admitSource(source); }) {}

TcpjsonService::~TcpjsonService() { stop(); }

std::uint16_t TcpjsonService::start() {
    pump_.loadUnfinished();
    return server_.start(config_.address, config_.port, config_.backlog);
}

void TcpjsonService::stop() {
    std::vector<std::shared_ptr<Terminal>> online;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, terminal] : byDevice_) online.push_back(terminal);
    }
    server_.stop();  // closes every connection
    ledger_.stop();
    workers_.stop();
    for (const auto& terminal : online) {
        requests_.abandon(terminal);
        std::int64_t lastHeard = 0;
        {
            std::lock_guard lock(terminal->mutex);
            lastHeard = terminal->lastHeardMs;
        }
        context_.devices().offline(terminal->deviceId(), terminal->uuid(), terminal->connection->peer(), lastHeard);
    }
    std::lock_guard lock(mutex_);
    byConnection_.clear();
    byDevice_.clear();
}

std::shared_ptr<Terminal> TcpjsonService::terminalOf(std::uint64_t connectionId) const {
    std::lock_guard lock(mutex_);
    const auto found = byConnection_.find(connectionId);
    return found == byConnection_.end() ? nullptr : found->second;
}

std::vector<std::shared_ptr<Terminal>> TcpjsonService::terminals() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Terminal>> all;
    all.reserve(byConnection_.size());
    for (const auto& [id, terminal] : byConnection_) all.push_back(terminal);
    return all;
}

void TcpjsonService::opened(const std::shared_ptr<Connection>& connection) {
    auto terminal = std::make_shared<Terminal>(connection);
    terminal->lastHeardMs = nowMillis();
    {
        std::lock_guard lock(mutex_);
        byConnection_[connection->id()] = terminal;
    }
    context_.logger().debug("connection " + std::to_string(connection->id()) + " from " + connection->peer() + " (" +
                            (connection->webSocket() ? "WebSocket" : "raw JSON") + ")");
    workers_.post([this, terminal] { identify(terminal, 1); });
}

void TcpjsonService::received(const std::shared_ptr<Connection>& connection, std::string object) {
    auto terminal = terminalOf(connection->id());
    if (!terminal || !connection->isOpen()) return;  // closing: the rest of its read is not handled
    // One request, one answer: a terminal never has many waiting. One that
    // floods would grow the workers' queue without bound.
    if (++terminal->unhandled > kMaxUnhandled) {
        const std::string why = "more than " + std::to_string(kMaxUnhandled) + " requests waiting to be handled";
        context_.logger().warning("connection from " + connection->peer() + " closed: " + why);
        connection->send(Envelope::answer("", "", kGeneralError, why));
        connection->close(why);
        --terminal->unhandled;
        return;
    }
    workers_.post([this, terminal, text = std::move(object)] {
        struct Handled {
            Terminal& terminal;
            ~Handled() { --terminal.unhandled; }
        } handled{*terminal};
        handle(terminal, text);
    });
}

std::string TcpjsonService::framingError(const std::shared_ptr<Connection>& connection, const std::string& reason) {
    context_.logger().warning("connection from " + connection->peer() + " closed: " + reason);
    return Envelope::answer("", "", kGeneralError, reason);
}

void TcpjsonService::closed(const std::shared_ptr<Connection>& connection, const std::string& reason) {
    std::shared_ptr<Terminal> terminal;
    {
        std::lock_guard lock(mutex_);
        const auto found = byConnection_.find(connection->id());
        if (found == byConnection_.end()) return;
        terminal = found->second;
        byConnection_.erase(found);
    }
    workers_.post([this, terminal, reason] { disconnected(terminal, reason); });
}

void TcpjsonService::disconnected(const std::shared_ptr<Terminal>& terminal, const std::string& reason) {
    requests_.abandon(terminal);
    const std::int64_t deviceId = terminal->deviceId();
    const std::string uuid = terminal->uuid();
    std::int64_t lastHeard = 0;
    {
        std::lock_guard lock(terminal->mutex);
        lastHeard = terminal->lastHeardMs;
    }
    if (deviceId == 0) {
        context_.logger().information("unidentified connection from " + terminal->connection->peer() +
                                      " ended: " + reason);
        return;
    }
    bool current = false;
    {
        std::lock_guard lock(mutex_);
        const auto found = byDevice_.find(deviceId);
        if (found != byDevice_.end() && found->second == terminal) {
            byDevice_.erase(found);
            current = true;
        }
    }
    context_.logger().information("terminal " + uuid + " (device " + std::to_string(deviceId) + ") disconnected: " +
                                  reason);
    if (!current) return;  // replaced: the new connection is online
    context_.devices().offline(deviceId, uuid, terminal->connection->peer(), lastHeard);
}

void TcpjsonService::identify(const std::shared_ptr<Terminal>& terminal, int attempt) {
    requests_.send(terminal, "get_device_info", nullptr, [this, terminal, attempt](const Answer& answer) {
        if (answer.outcome == Answer::Outcome::Closed) return;
        const auto info = answer.ok() && answer.object ? answer.object->getObject("device_info") : nullptr;
        if (info) {
            onIdentified(terminal, info);
            return;
        }
        if (answer.outcome == Answer::Outcome::TimedOut && attempt < config_.heartbeatMisses) {
            identify(terminal, attempt + 1);
            return;
        }
        const std::string why = answer.outcome == Answer::Outcome::TimedOut
                                    ? "did not answer get_device_info"
                                    : "get_device_info answered without device_info (" + answer.describe() + ")";
        context_.logger().warning("connection from " + terminal->connection->peer() + " closed: " + why);
        terminal->connection->close(why);
    });
}

void TcpjsonService::onIdentified(const std::shared_ptr<Terminal>& terminal,
                                  const Poco::JSON::Object::Ptr& deviceInfo) {
    const std::string uuid = uuidOf(*deviceInfo);
    if (uuid.empty()) {
        const std::string why = "device_info.uuid is missing or not 1-64 printable characters";
        context_.logger().warning("connection from " + terminal->connection->peer() + " closed: " + why);
        terminal->connection->send(Envelope::answer("get_device_info", "", kGeneralError, why));
        terminal->connection->close(why);
        return;
    }
    Device device;
    ContactVerdict verdict;
    try {
        device = context_.devices().obtain(uuid);
        // Terminal identity (the host's rules) before anything it said is acted on.
        verdict = context_.devices().checkContact(device.id, uuid, Peer{terminal->connection->peerHost(), {}});
        if (verdict.allowed()) saveDeviceInfo(context_, device.id, deviceInfo);
    } catch (const std::exception& e) {
        context_.logger().error("terminal " + uuid + ": cannot register: " + e.what());
        terminal->connection->close("the store cannot register the terminal");
        return;
    }
    if (!verdict.allowed()) {
        // Refused in the protocol's own shape; a live connection of this uuid
        // from its accepted address stays as it is.
        const std::string why = "terminal identity refused: " + verdict.reason;
        context_.logger().warning("connection of " + uuid + " from " + terminal->connection->peer() + " closed: " +
                                  why);
        terminal->connection->send(Envelope::answer("get_device_info", "", kGeneralError, why));
        terminal->connection->close(why);
        return;
    }
    std::shared_ptr<Terminal> older;
    std::vector<std::string> early;
    const std::int64_t now = nowMillis();
    {
        std::lock_guard lock(terminal->mutex);
        if (!terminal->identifyAs(uuid, device.id)) return;  // answered twice: the first one counts
        terminal->state = device.state;
        terminal->lastPersistedMs = now;
        early.swap(terminal->early);
    }
    {
        std::lock_guard lock(mutex_);
        auto& slot = byDevice_[device.id];
        if (slot && slot != terminal) older = slot;
        slot = terminal;
    }
    // An activation between obtain() and the line above found no terminal to
    // tell: read the state again now that later changes reach this one.
    try {
        if (const auto fresh = context_.devices().find(device.id)) {
            std::lock_guard lock(terminal->mutex);
            terminal->state = fresh->state;
        }
    } catch (const std::exception& e) {
        context_.logger().warning("terminal " + uuid + ": cannot read its state: " + e.what());
    }
    if (older) {
        {
            std::lock_guard lock(older->mutex);
            older->replaced = true;
        }
        const bool moved = older->connection->peerHost() != terminal->connection->peerHost();
        (moved ? context_.logger().warning("terminal " + uuid + ": a new connection from " +
                                           terminal->connection->peer() + " replaces the live one from " +
                                           older->connection->peer())
               : context_.logger().information("terminal " + uuid + ": a new connection replaces the one from " +
                                               older->connection->peer()));
        if (moved) {
            // Never silent: another machine may be speaking for this uuid.
            context_.devices().alarm(device.id, uuid,
                                     DeviceAlarm{"connection_replaced", "tcpjson", older->connection->peer() + " -> " +
                                                                                       terminal->connection->peer()});
        }
        older->connection->close("replaced by a new connection of the same uuid");
    }
    try {
        context_.devices().online(device.id, device.serial, terminal->connection->peer(), now);
    } catch (const std::exception& e) {
        context_.logger().warning("terminal " + uuid + ": cannot record contact: " + e.what());
    }
    context_.logger().information("terminal " + uuid + " identified from " + terminal->connection->peer() + " (" +
                                  (terminal->connection->webSocket() ? "WebSocket" : "raw JSON") + ", device " +
                                  std::to_string(device.id) + ", " + toString(device.state) + ")");
    for (const auto& text : early) handle(terminal, text);
    checkClock(terminal, deviceInfo);
    pump_.kick(terminal);
}

void TcpjsonService::checkClock(const std::shared_ptr<Terminal>& terminal, const Poco::JSON::Object::Ptr& deviceInfo) {
    // Not in the document: some terminals add their clock to device_info.
    if (ClockCheck::observeDeviceInfo(context_, config_, *terminal, deviceInfo, nowMillis())) pump_.kick(terminal);
}

void TcpjsonService::noteHeard(const std::shared_ptr<Terminal>& terminal, std::int64_t nowMs) {
    std::int64_t deviceId = 0;
    {
        std::lock_guard lock(terminal->mutex);
        terminal->lastHeardMs = nowMs;
        terminal->missedHeartbeats = 0;
        if (!terminal->identified() ||
            nowMs - terminal->lastPersistedMs < static_cast<std::int64_t>(config_.lastSeenPersistSeconds) * 1000) {
            return;
        }
        terminal->lastPersistedMs = nowMs;
        deviceId = terminal->deviceId();
    }
    try {
        context_.devices().seen(deviceId, terminal->connection->peer(), nowMs);
    } catch (const std::exception& e) {
        context_.logger().warning("terminal " + terminal->who() + ": cannot record contact: " + e.what());
    }
}

void TcpjsonService::handle(const std::shared_ptr<Terminal>& terminal, const std::string& text) {
    Envelope envelope;
    try {
        envelope = Envelope::parse(text);
    } catch (const EnvelopeError& e) {
        context_.logger().warning("terminal " + terminal->who() +
                                  ": " + e.what());
        terminal->connection->send(Envelope::answer(e.mod, e.sessionId, kGeneralError, e.what()));
        if (e.kind() == EnvelopeError::Kind::Malformed) {
            terminal->connection->close(std::string("protocol error: ") + e.what());
        }
        return;
    }
    noteHeard(terminal, nowMillis());
    Answer answer;
    answer.code = envelope.code;
    answer.message = envelope.message;
    answer.object = envelope.object;
    // Matched by session_id: the document's get_device_info answer says
    // mod "set_device_info", so the mod of an answer proves nothing.
    if (requests_.answer(terminal, envelope.sessionId, answer)) return;
    if (envelope.isAnswer()) {
        context_.logger().debug("terminal " + terminal->who() + ": answer to no waiting request (" + envelope.mod +
                                ", session " + envelope.sessionId + ")");
        return;
    }
    handleRequest(terminal, envelope, text);
}

void TcpjsonService::reply(const std::shared_ptr<Terminal>& terminal, const Envelope& envelope, int code,
                           const std::string& message) {
    terminal->connection->send(Envelope::answer(envelope.mod, envelope.sessionId, code, message));
}

void TcpjsonService::handleRequest(const std::shared_ptr<Terminal>& terminal, const Envelope& envelope,
                                   const std::string& text) {
    if (envelope.mod == "upload_access_info") {
        accessInfo(terminal, envelope, text);
        return;
    }
    context_.logger().warning("terminal " + terminal->who() + ": unknown request mod '" + envelope.mod + "'");
    reply(terminal, envelope, kGeneralError, "unknown mod " + envelope.mod);
}

void TcpjsonService::accessInfo(const std::shared_ptr<Terminal>& terminal, const Envelope& envelope,
                                const std::string& text) {
    std::int64_t deviceId = 0;
    DeviceState state = DeviceState::Pending;
    {
        std::lock_guard lock(terminal->mutex);
        if (!terminal->identified()) {
            // Bounded work before identity: at most early_objects requests,
            // and together no more than one object's worth of bytes.
            if (static_cast<int>(terminal->early.size()) < config_.earlyObjects &&
                terminal->earlyBytes + text.size() <= config_.maxObjectBytes) {
                terminal->earlyBytes += text.size();
                terminal->early.push_back(text);  // answered once get_device_info told who it is
                return;
            }
        }
        deviceId = terminal->deviceId();
        state = terminal->state;
    }
    if (deviceId == 0) {
        reply(terminal, envelope, kGeneralError, "the terminal has not answered get_device_info yet");
        return;
    }
    if (state != DeviceState::Active) {
        reply(terminal, envelope, kGeneralError,
              std::string("the terminal is ") + toString(state) + " on the server; records are taken once it is active");
        return;
    }
    const auto info = envelope.object->getObject("access_info");
    if (!info) {
        reply(terminal, envelope, kGeneralError, "access_info must be an object");
        return;
    }
    IngestItem item;
    try {
        item.record = AccessRecord::fromAccessInfo(*info, deviceId, *mappings_.of(deviceId), text);
    } catch (const AccessRecordError& e) {
        context_.logger().warning("terminal " + terminal->who() + ": record refused: " + e.what());
        reply(terminal, envelope, kGeneralError, e.what());
        return;
    }
    const std::int64_t now = nowMillis();
    if (item.record.deviceTime - now > static_cast<std::int64_t>(config_.maxClockSkewSeconds) * 1000 &&
        config_.maxClockSkewSeconds > 0) {
        // Dated ahead of the server: its clock is ahead (see ClockCheck).
        if (ClockCheck::observe(context_, config_, *terminal, item.record.deviceTime, now)) pump_.kick(terminal);
    }
    try {
        const auto outcome = context_.records().ingest(std::move(item));
        if (!outcome.created) {
            context_.logger().debug("terminal " + terminal->who() + ": record sent again (record " +
                                    std::to_string(outcome.recordId) + ")");
        }
        reply(terminal, envelope, kOk, "");
    } catch (const std::exception& e) {
        context_.logger().error("terminal " + terminal->who() + ": cannot store a record: " + e.what());
        reply(terminal, envelope, kDatabaseError, "the server cannot store the record now; send it again later");
    }
}

void TcpjsonService::heartbeat(const std::shared_ptr<Terminal>& terminal) {
    requests_.send(terminal, "get_device_info", nullptr, [this, terminal](const Answer& answer) {
        int missed = 0;
        {
            std::lock_guard lock(terminal->mutex);
            terminal->heartbeatOut = false;
            if (answer.outcome == Answer::Outcome::TimedOut) missed = ++terminal->missedHeartbeats;
        }
        if (answer.ok() && answer.object && answer.object->getObject("device_info")) {
            try {
                saveDeviceInfo(context_, terminal->deviceId(), answer.object->getObject("device_info"));
            } catch (const std::exception& e) {
                context_.logger().warning("terminal " + terminal->who() + ": cannot save device_info: " + e.what());
            }
            checkClock(terminal, answer.object->getObject("device_info"));
        }
        if (missed >= config_.heartbeatMisses) {
            const std::string why = "no answer to " + std::to_string(missed) + " heartbeats (get_device_info)";
            context_.logger().warning("terminal " + terminal->who() + ": " + why + "; closing");
            terminal->connection->close(why);
        }
    });
}

void TcpjsonService::tick() {
    const std::int64_t now = nowMillis();
    server_.tick(now, config_.webSocketGraceMs);
    if (now - lastHeartbeatPassMs_ < 1000) return;
    lastHeartbeatPassMs_ = now;
    const bool fullKick = now - lastFullKickMs_ >= kFullKickMs;
    if (fullKick) lastFullKickMs_ = now;
    for (const auto& terminal : terminals()) {
        requests_.expire(terminal, now);
        bool beat = false;
        bool kick = fullKick;
        {
            std::lock_guard lock(terminal->mutex);
            if (!terminal->identified()) continue;
            if (!terminal->heartbeatOut &&
                now - terminal->lastHeardMs >= static_cast<std::int64_t>(config_.heartbeatSeconds) * 1000) {
                terminal->heartbeatOut = beat = true;
            }
            if (terminal->pumpRetryAtMs != 0 && now >= terminal->pumpRetryAtMs) {
                terminal->pumpRetryAtMs = 0;
                kick = true;
            }
            if (terminal->syncDueAtMs != 0 && now >= terminal->syncDueAtMs) {
                terminal->syncDueAtMs = 0;  // a person failed for a passing reason is due again
                kick = true;
            }
        }
        if (beat) heartbeat(terminal);
        if (kick) pump_.kick(terminal);
    }
}

void TcpjsonService::onSyncWanted(const Event& event) {
    std::vector<std::shared_ptr<Terminal>> kick;
    {
        std::lock_guard lock(mutex_);
        for (const auto id : events::deviceIdsOf(event.payload)) {
            const auto found = byDevice_.find(id);
            if (found != byDevice_.end()) kick.push_back(found->second);
        }
    }
    for (const auto& terminal : kick) pump_.kick(terminal);
}

void TcpjsonService::onDeviceChanged(const Event& event) {
    const auto id = events::deviceIdOf(event.payload);
    if (!id) return;
    const std::int64_t deviceId = *id;
    if (event.topic == "device.parameters.changed") mappings_.forget(deviceId);  // role and type codes may have changed
    std::shared_ptr<Terminal> terminal;
    {
        std::lock_guard lock(mutex_);
        const auto found = byDevice_.find(deviceId);
        if (found == byDevice_.end()) return;
        terminal = found->second;
    }
    const auto device = context_.devices().find(deviceId);
    if (!device) {
        terminal->connection->close("the device was removed on the server");
        return;
    }
    {
        std::lock_guard lock(terminal->mutex);
        if (terminal->state != device->state) {
            context_.logger().information("terminal " + device->serial + " is now " + toString(device->state));
        }
        terminal->state = device->state;
    }
    pump_.kick(terminal);
}

} // namespace passway::tcpjson
