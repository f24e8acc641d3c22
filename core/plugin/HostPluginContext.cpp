#include "plugin/HostPluginContext.h"

#include "bus/EventBus.h"
#include "journal/JournalSubscriber.h"
#include "plugin/CallbackGuard.h"
#include "plugin/Leadership.h"
#include "plugin/PluginJournalFeed.h"
#include "plugin/PluginConfiguration.h"
#include "plugin/PluginHttpListener.h"
#include "plugin/PluginTcpListener.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <stdexcept>
#include <utility>

namespace passway {

struct HostPluginContext::Durable {
    std::unique_ptr<PluginJournalFeed> feed;
    std::unique_ptr<JournalSubscriber> subscriber;
};

HostPluginContext::HostPluginContext(std::string pluginId, const HostServices& services)
    : id_(std::move(pluginId)),
      services_(services),
      logger_(Poco::Logger::get("plugin." + id_)),
      config_(new PluginConfiguration(services.config, "plugin." + id_)),
      timers_("plugin." + id_, logger_),
      sdk_(plugin::ServiceScope{id_, services.store,
                                [bus = &services.bus, id = id_](const events::Outgoing& event) {
                                    bus->publish(event.topic, event.payload, id);
                                },
                                logger_, services.leases},
           services.blobs, services.records, services.autoActivateDevices, services.commandLifetime,
           plugin::TerminalPolicy::read(*config_, services.config), &services.metrics,
           plugin::PluginPolicy::read(services.config, id_, &policyWarning_)),
      sms_(id_, services.store, services.outbox, SmsGatewaySpec::read(services.config)) {
    if (!policyWarning_.empty()) logger_.warning(policyWarning_);
    // An operator's acceptance of a new address (admin API) reaches the
    // identity kept in memory; a host subscription, not the plugin's.
    addressAccepted_ = services_.bus.subscribe(
        events::topic::kDeviceAddressAccepted,
        [identity = &sdk_.devices.identity()](const Event& event) {
            const auto payload = json::objectOr(event.payload);
            identity->forget(payload->optValue<Poco::Int64>("deviceId", 0));
        },
        "plugin." + id_ + ".identity");
    if (services_.leadership) {
        leadershipWatch_ = services_.leadership->watch([this](bool leading) { lead(leading); });
    }
}

HostPluginContext::~HostPluginContext() {
    try {
        removeAll();
    } catch (const std::exception& e) {
        logger_.error(std::string("removing the plugin's registrations: ") + e.what());
    }
}

void HostPluginContext::requireOpen(const char* what) const {
    if (closed_) throw std::logic_error(std::string(what) + ": plugin " + id_ + " is stopping");
}

std::string HostPluginContext::dataDirectory() {
    Poco::Path path(services_.dataRoot.empty() ? std::string(".") : services_.dataRoot);
    path.makeDirectory().pushDirectory("plugins").pushDirectory(id_);
    Poco::File(path).createDirectories();  // on demand: a plugin that keeps nothing leaves no folder
    return path.toString();
}

void HostPluginContext::publish(const std::string& topic, const std::string& payloadJson) {
    services_.bus.publish(topic, payloadJson, id_);
}

std::uint64_t HostPluginContext::subscribe(const std::string& pattern, EventHandler handler) {
    if (!handler) throw std::invalid_argument("subscribe: empty handler");
    std::lock_guard lock(mutex_);
    requireOpen("subscribe");
    auto guard = std::make_shared<CallbackGuard>(logger_, "event handler for " + pattern);
    const auto id = services_.bus.subscribe(
        pattern,
        [handler = std::move(handler), guard](const Event& event) {
            guard->run([&] { handler(event); }, event.topic + " #" + std::to_string(event.sequence));
        },
        "plugin." + id_);
    subscriptions_.insert(id);
    return id;
}

void HostPluginContext::unsubscribe(std::uint64_t subscription) {
    {
        std::lock_guard lock(mutex_);
        // A plugin may end only its own subscriptions.
        if (subscriptions_.count(subscription) == 0) return;
    }
    // Throws when called from that subscription's own handler (the bus would
    // wait for itself); the id then stays on record, so removeAll() still
    // ends it from a host thread. It is forgotten only once the bus let go.
    services_.bus.unsubscribe(subscription);
    std::lock_guard lock(mutex_);
    subscriptions_.erase(subscription);
}

void HostPluginContext::subscribeDurable(const std::string& name, const std::string& pattern, EventHandler handler) {
    if (!handler) throw std::invalid_argument("subscribeDurable: empty handler");
    if (!services_.journal) throw std::logic_error("subscribeDurable: this host keeps no event journal");
    if (name.empty() || name.size() > 64 || name.find_first_of(" :\r\n") != std::string::npos) {
        throw std::invalid_argument("subscribeDurable: a name of 1-64 characters without spaces or ':'");
    }
    std::lock_guard lock(mutex_);
    requireOpen("subscribeDurable");
    for (const auto& durable : durable_) {
        if (durable->feed->name() == name) throw std::invalid_argument("subscribeDurable: '" + name + "' is taken");
    }
    auto durable = std::make_shared<Durable>();
    durable->feed = std::make_unique<PluginJournalFeed>(name, pattern, std::move(handler));
    durable->subscriber =
        std::make_unique<JournalSubscriber>(*services_.journal, "plugin:" + id_ + ":" + name, *durable->feed);
    // On a follower it waits for lead(true); its cursor stays where the
    // leader leaves it.
    if (leading_) durable->subscriber->start();
    durable_.push_back(std::move(durable));
}

void HostPluginContext::lead(bool leading) {
    std::vector<std::shared_ptr<Durable>> durable;
    {
        std::lock_guard lock(mutex_);
        leading_ = leading;
        if (closed_) return;
        durable = durable_;
    }
    // Outside the lock: stopping waits for the handler in hand, which may
    // call into this context.
    for (const auto& d : durable) {
        try {
            if (leading) {
                d->subscriber->start();
            } else {
                d->subscriber->stop();  // its cursor moves past what it handled; the next leader goes on from there
            }
        } catch (const std::exception& e) {
            logger_.error("durable subscription " + d->feed->name() + (leading ? ": cannot start: " : ": cannot stop: ") +
                          e.what());
        }
    }
    if (!durable.empty()) {
        logger_.information(std::to_string(durable.size()) + " durable subscription(s) " +
                            (leading ? "run here now (this host leads)" : "stopped here (another host leads)"));
    }
}

void HostPluginContext::onLeadership(std::function<void(bool leading)> handler) {
    if (!handler) throw std::invalid_argument("onLeadership: empty handler");
    {
        std::lock_guard lock(mutex_);
        requireOpen("onLeadership");
    }
    auto guard = std::make_shared<CallbackGuard>(logger_, "leadership handler");
    auto guarded = [handler = std::move(handler), guard](bool leading) {
        guard->run([&] { handler(leading); }, leading ? "leading" : "following");
    };
    if (!services_.leadership) {
        guarded(true);  // one host alone
        return;
    }
    // Not under mutex_: Leadership calls the handler under its own lock, and
    // a handler may call into this context, as lead() does with that order.
    const auto watch = services_.leadership->watch(std::move(guarded));
    {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            pluginWatches_.push_back(watch);
            return;
        }
    }
    services_.leadership->unwatch(watch);  // removeAll() ran meanwhile
}

std::size_t HostPluginContext::durableRunning() const {
    std::lock_guard lock(mutex_);
    std::size_t running = 0;
    for (const auto& d : durable_) running += d->subscriber->running() ? 1 : 0;
    return running;
}

std::uint16_t HostPluginContext::listenHttp(const ListenerSpec& spec, std::shared_ptr<net::HttpHandler> handler) {
    if (!handler) throw std::invalid_argument("listenHttp: no request handler");
    std::lock_guard lock(mutex_);
    requireOpen("listenHttp");
    net::HttpServerOptions defaults;
    net::readNetDefaults(services_.config, defaults);
    defaults.metrics = &services_.metrics;
    defaults.allowedNetworks = sdk_.devices.identity().policy().allowedNetworks;
    auto listener = std::make_unique<PluginHttpListener>(id_, spec, std::move(handler), logger_, std::move(defaults));
    const auto port = listener->port();
    logger_.information("listening on " + listener->describe());
    listeners_.push_back(std::move(listener));
    return port;
}

std::uint16_t HostPluginContext::listenTcp(const ListenerSpec& spec, Poco::Net::TCPServerConnectionFactory::Ptr factory) {
    if (!factory) throw std::invalid_argument("listenTcp: no connection factory");
    std::lock_guard lock(mutex_);
    requireOpen("listenTcp");
    auto listener = std::make_unique<PluginTcpListener>(
        id_, spec, std::move(factory), logger_,
        [devices = &sdk_.devices](const std::string& source) { return devices->admitSource(source); });
    const auto port = listener->port();
    logger_.information("listening on " + listener->describe());
    listeners_.push_back(std::move(listener));
    return port;
}

std::uint64_t HostPluginContext::every(std::chrono::milliseconds period, Task task) {
    return timers_.every(period, std::move(task));
}

std::uint64_t HostPluginContext::after(std::chrono::milliseconds delay, Task task) {
    return timers_.after(delay, std::move(task));
}

void HostPluginContext::cancelTimer(std::uint64_t timer) { timers_.cancel(timer); }

std::optional<AuthorizationDecision> HostPluginContext::authorize(const AuthorizationRequest& request,
                                                                  std::chrono::milliseconds deadline) {
    if (!services_.authorization || deadline.count() <= 0) return std::nullopt;
    try {
        return services_.authorization->authorize(request, deadline);
    } catch (const std::exception& e) {
        logger_.error(std::string("online authorization hook: ") + e.what());
    } catch (...) {
        logger_.error("online authorization hook: unknown exception");
    }
    return std::nullopt;
}

void HostPluginContext::removeAll(std::chrono::milliseconds grace) {
    std::vector<std::unique_ptr<PluginListener>> listeners;
    std::set<std::uint64_t> subscriptions;
    // First, so that no change of leadership starts a feed again meanwhile.
    if (const auto watch = std::exchange(leadershipWatch_, 0)) services_.leadership->unwatch(watch);
    std::vector<std::shared_ptr<Durable>> durable;
    std::vector<std::uint64_t> pluginWatches;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        listeners.swap(listeners_);
        subscriptions.swap(subscriptions_);
        durable.swap(durable_);
        pluginWatches.swap(pluginWatches_);
    }
    // No plugin code may run after removeAll(): unwatch waits for a call in hand.
    for (const auto watch : pluginWatches) services_.leadership->unwatch(watch);
    // Outside the lock: a request being served may still call into this
    // context (publish, or a refused subscribe) while we wait for it.
    // Listeners first, so devices stop getting answers before the events and
    // timers that would act on their data go away.
    for (auto& listener : listeners) {
        const std::string description = listener->describe();
        listener->stop(grace);
        logger_.information("stopped listening on " + description);
    }
    listeners.clear();  // releases the plugin's handler factories
    sdk_.records.drain();  // answers of uploads still being stored hold plugin code
    timers_.cancelAll();
    for (const auto id : subscriptions) services_.bus.unsubscribe(id);
    if (addressAccepted_ != 0) services_.bus.unsubscribe(std::exchange(addressAccepted_, 0));
    // Each finishes the event in hand and moves its cursor past what was handled.
    for (auto& d : durable) d->subscriber->stop();
}

std::vector<std::uint16_t> HostPluginContext::ports() const {
    std::lock_guard lock(mutex_);
    std::vector<std::uint16_t> out;
    for (const auto& listener : listeners_) out.push_back(listener->port());
    return out;
}

std::vector<std::string> HostPluginContext::listenerDescriptions() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& listener : listeners_) out.push_back(listener->describe());
    return out;
}

std::size_t HostPluginContext::subscriptionCount() const {
    std::lock_guard lock(mutex_);
    return subscriptions_.size();
}

} // namespace passway
