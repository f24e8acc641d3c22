#pragma once

#include "AttlogConfig.h"
#include "passway/PluginApi.h"
#include "service/BridgeAuth.h"
#include "service/CommandDesk.h"
#include "service/Contacts.h"
#include "service/UserUpdates.h"

namespace passway::attlog {

// Everything a request handler reaches: the host context, the
// configuration and the plugin's parts built on them.
struct Services {
    Services(PluginContext& c, AttlogConfig conf)
        : context(c),
          config(std::move(conf)),
          auth(c, config),
          contacts(c, config),
          users(c, config),
          commands(c, config) {}

    PluginContext& context;
    const AttlogConfig config;
    BridgeAuth auth;
    Contacts contacts;
    UserUpdates users;
    CommandDesk commands;
};

}  // namespace passway::attlog
