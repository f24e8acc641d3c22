#pragma once

#include "HenanConfig.h"
#include "passway/PluginApi.h"
#include "service/CommandDesk.h"
#include "service/Contacts.h"
#include "service/PunchFilter.h"

namespace passway::henan {

// Everything a request handler reaches: the host context, the
// configuration and the plugin's parts built on them.
struct Services {
    Services(PluginContext& c, HenanConfig conf)
        : context(c), config(std::move(conf)), desk(c, config), contacts(c, config), punches(config.repeatWindowMs) {}

    PluginContext& context;
    const HenanConfig config;
    CommandDesk desk;
    Contacts contacts;
    PunchFilter punches;
};

}  // namespace passway::henan
