#pragma once

#include "Httpv2Config.h"
#include "passway/HostError.h"
#include "passway/PluginApi.h"
#include "service/BlobAccess.h"
#include "service/CommandTracker.h"
#include "service/DeviceRegistry.h"
#include "service/PendingWork.h"
#include "service/PersonIntake.h"
#include "service/SyncBatches.h"

#include <chrono>

namespace passway::httpv2 {

// Everything the request handlers share: the host's context, the
// configuration and the plugin's services. Owned by the plugin and held by
// the request handler factory; the host removes the listener before the
// plugin stops, so no handler outlives it.
struct Services {
    Services(PluginContext& pluginContext, Httpv2Config httpv2Config)
        : context(pluginContext),
          config(std::move(httpv2Config)),
          blobs(pluginContext.blobs()),
          batches(std::chrono::seconds(config.batchTimeoutSeconds)),
          commands(pluginContext.commands(), pluginContext.logger(),
                   std::chrono::seconds(config.commandResultTimeoutSeconds)),
          devices(pluginContext, config),
          work(pluginContext, batches, commands),
          persons(pluginContext, blobs) {}

    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    PluginContext& context;
    const Httpv2Config config;
    BlobAccess blobs;
    SyncBatches batches;
    CommandTracker commands;
    DeviceRegistry devices;
    WorkProbe work;
    PersonIntake persons;
};

} // namespace passway::httpv2
