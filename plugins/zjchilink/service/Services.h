#pragma once

#include "ZjConfig.h"
#include "passway/PluginApi.h"
#include "service/Accounts.h"
#include "service/Canonical.h"
#include "service/SmsCodes.h"
#include "store/Documents.h"

#include <functional>
#include <mutex>
#include <string>

namespace passway::zjchilink {

// Everything a handler reaches: the host context, the configuration and
// the plugin's parts built on them.
struct Services {
    Services(PluginContext& c, ZjConfig conf)
        : context(c),
          config(std::move(conf)),
          docs(c.kv(), config.maxItems),
          accounts(docs),
          codes(config.smsIntervalSeconds, config.smsCodeTtlSeconds),
          canonical(c, config) {}

    PluginContext& context;
    const ZjConfig config;
    Documents docs;
    Accounts accounts;
    SmsCodes codes;
    Canonical canonical;
    // Set by the MQTT link when there is one: publishes a device's state on
    // its update topic for every user who may see it.
    std::function<void(const Poco::JSON::Object::Ptr& device, int status)> publishUpdate;
    // Held by every call that changes plugin-local data (HTTP and MQTT):
    // documents are read, checked and written as a unit.
    std::mutex writes;
};

}  // namespace passway::zjchilink
