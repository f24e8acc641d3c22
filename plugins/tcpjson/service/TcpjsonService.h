#pragma once

#include "TcpjsonConfig.h"
#include "net/ConnectionServer.h"
#include "passway/PluginApi.h"
#include "service/DeviceMappings.h"
#include "service/LedgerWriter.h"
#include "service/PushPump.h"
#include "service/Requester.h"
#include "service/Terminal.h"
#include "service/WorkQueue.h"
#include "wire/Envelope.h"

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace passway::tcpjson {

// The protocol of seed 001 over the connection server: on connect the
// server asks get_device_info and registers the terminal by its uuid; a
// newer connection of the same uuid replaces the older one; silent
// terminals get get_device_info as heartbeat and are closed and marked
// offline after heartbeat_misses unanswered ones; upload_access_info
// becomes records; the PushPump sends settings, commands and persons.
class TcpjsonService final : public ConnectionEvents {
public:
    TcpjsonService(PluginContext& context, TcpjsonConfig config);
    ~TcpjsonService() override;

    std::uint16_t start();
    void stop();

    // Timer: mode settling, deadlines, heartbeats, delayed pushes.
    void tick();
    // Bus events.
    void onSyncWanted(const Event& event);
    void onDeviceChanged(const Event& event);

    std::size_t connections() const { return server_.size(); }

    // ConnectionEvents (reactor thread).
    void opened(const std::shared_ptr<Connection>& connection) override;
    void received(const std::shared_ptr<Connection>& connection, std::string object) override;
    std::string framingError(const std::shared_ptr<Connection>& connection, const std::string& reason) override;
    void closed(const std::shared_ptr<Connection>& connection, const std::string& reason) override;

private:
    std::shared_ptr<Terminal> terminalOf(std::uint64_t connectionId) const;
    std::vector<std::shared_ptr<Terminal>> terminals() const;
    void handle(const std::shared_ptr<Terminal>& terminal, const std::string& text);
    void handleRequest(const std::shared_ptr<Terminal>& terminal, const Envelope& envelope, const std::string& text);
    void accessInfo(const std::shared_ptr<Terminal>& terminal, const Envelope& envelope, const std::string& text);
    void identify(const std::shared_ptr<Terminal>& terminal, int attempt);
    // A `time` in device_info (an extension of some terminals): ClockCheck.
    void checkClock(const std::shared_ptr<Terminal>& terminal, const Poco::JSON::Object::Ptr& deviceInfo);
    void onIdentified(const std::shared_ptr<Terminal>& terminal, const Poco::JSON::Object::Ptr& deviceInfo);
    void heartbeat(const std::shared_ptr<Terminal>& terminal);
    void noteHeard(const std::shared_ptr<Terminal>& terminal, std::int64_t nowMs);
    void reply(const std::shared_ptr<Terminal>& terminal, const Envelope& envelope, int code,
               const std::string& message);
    void disconnected(const std::shared_ptr<Terminal>& terminal, const std::string& reason);

    PluginContext& context_;
    const TcpjsonConfig config_;
    WorkQueue workers_;
    Requester requests_;
    LedgerWriter ledger_;
    DeviceMappings mappings_;
    PushPump pump_;
    ConnectionServer server_;

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::shared_ptr<Terminal>> byConnection_;
    std::unordered_map<std::int64_t, std::shared_ptr<Terminal>> byDevice_;
    std::int64_t lastHeartbeatPassMs_ = 0;
    std::int64_t lastFullKickMs_ = 0;
};

} // namespace passway::tcpjson
