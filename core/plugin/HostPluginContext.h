#pragma once

#include "plugin/HostServices.h"
#include "passway/PluginApi.h"
#include "plugin/PluginTimers.h"
#include "plugin/services/PluginServices.h"
#include "plugin/services/PluginSms.h"

#include <Poco/AutoPtr.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace passway {

class JournalSubscriber;
class PluginJournalFeed;
class PluginListener;

// The host side of PluginContext for one plugin. It hands out the plugin's
// slice of the core services and keeps a record of everything the plugin
// registers (listeners, timers, subscriptions), so that removeAll() can take
// it all down before the plugin's library is unloaded — no plugin code may
// run after that.
class HostPluginContext final : public PluginContext {
public:
    HostPluginContext(std::string pluginId, const HostServices& services);
    ~HostPluginContext() override;  // removeAll()
    HostPluginContext(const HostPluginContext&) = delete;
    HostPluginContext& operator=(const HostPluginContext&) = delete;

    // PluginContext
    const std::string& pluginId() const override { return id_; }
    Poco::Logger& logger() override { return logger_; }
    Poco::Util::AbstractConfiguration& config() override { return *config_; }
    std::string dataDirectory() override;
    DeviceService& devices() override { return sdk_.devices; }
    PersonService& persons() override { return sdk_.persons; }
    SyncService& sync() override { return sdk_.sync; }
    CommandService& commands() override { return sdk_.commands; }
    BlobService& blobs() override { return sdk_.blobs; }
    KeyValueService& kv() override { return sdk_.kv; }
    RecordIngest& records() override { return sdk_.records; }
    FaceService* face() override { return services_.face; }
    SmsService& sms() override { return sms_; }
    void onLeadership(std::function<void(bool leading)> handler) override;
    void publish(const std::string& topic, const std::string& payloadJson) override;
    std::uint64_t subscribe(const std::string& pattern, EventHandler handler) override;
    void unsubscribe(std::uint64_t subscription) override;
    void subscribeDurable(const std::string& name, const std::string& pattern, EventHandler handler) override;
    std::uint16_t listenHttp(const ListenerSpec& spec, std::shared_ptr<net::HttpHandler> handler) override;
    std::uint16_t listenTcp(const ListenerSpec& spec, Poco::Net::TCPServerConnectionFactory::Ptr factory) override;
    std::uint64_t every(std::chrono::milliseconds period, Task task) override;
    std::uint64_t after(std::chrono::milliseconds delay, Task task) override;
    void cancelTimer(std::uint64_t timer) override;
    std::optional<AuthorizationDecision> authorize(const AuthorizationRequest& request,
                                                   std::chrono::milliseconds deadline) override;

    // Host side.
    // Stops the listeners (requests in flight get up to `grace` to finish),
    // cancels the timers and ends the subscriptions, waiting for any of them
    // running now. Afterwards listen/subscribe/timers throw std::logic_error;
    // publish still works (a plugin may announce in stop() that its devices
    // went offline). Idempotent.
    void removeAll(std::chrono::milliseconds grace = std::chrono::seconds(5));

    std::vector<std::uint16_t> ports() const;          // in registration order
    std::vector<std::string> listenerDescriptions() const;  // "http 0.0.0.0:8080", ...
    std::size_t subscriptionCount() const;
    std::size_t timerCount() const { return timers_.active(); }
    // Durable subscriptions whose feed runs on this host now.
    std::size_t durableRunning() const;

private:
    struct Durable;

    void requireOpen(const char* what) const;  // call with mutex_ held
    // Durable feeds share one cursor across the hosts of a cluster: they run
    // on the leader only (HostServices::leadership), started and stopped here.
    void lead(bool leading);

    const std::string id_;
    HostServices services_;
    Poco::Logger& logger_;
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> config_;
    PluginTimers timers_;
    std::string policyWarning_;   // set while sdk_ is built (PluginPolicy::read), logged after
    plugin::PluginServices sdk_;  // the narrow services the context hands out
    plugin::PluginSms sms_;

    mutable std::mutex mutex_;
    bool closed_ = false;
    std::vector<std::unique_ptr<PluginListener>> listeners_;
    std::set<std::uint64_t> subscriptions_;
    std::vector<std::shared_ptr<Durable>> durable_;  // shared: lead() starts or stops them outside the lock
    bool leading_ = true;                 // without a cluster every host leads
    std::uint64_t leadershipWatch_ = 0;   // 0: not watching
    std::vector<std::uint64_t> pluginWatches_;  // the plugin's onLeadership handlers, by Leadership watch id
    std::uint64_t addressAccepted_ = 0;  // the host's subscription to device.address_accepted
};

} // namespace passway
