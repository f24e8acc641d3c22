#pragma once

#include "outbox/SmsRequest.h"
#include "passway/services/SmsService.h"

namespace passway {
class OutboxDispatcher;
class Store;
}

namespace passway::plugin {

// SmsService over the outbox: a message becomes an outbox delivery to the
// site's SMS gateway (sms.* keys), origin "plugin:<id>", written before
// send() returns; the dispatcher is woken to deliver it.
class PluginSms final : public SmsService {
public:
    PluginSms(const std::string& pluginId, Store& store, OutboxDispatcher* dispatcher, SmsGatewaySpec gateway)
        : origin_("plugin:" + pluginId), store_(store), dispatcher_(dispatcher), gateway_(std::move(gateway)) {}

    bool available() override { return !gateway_.url.empty(); }
    std::int64_t send(const std::string& to, const std::string& text, const std::string& key) override;

private:
    const std::string origin_;
    Store& store_;
    OutboxDispatcher* dispatcher_;
    const SmsGatewaySpec gateway_;
};

} // namespace passway::plugin
