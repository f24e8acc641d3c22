#pragma once

#include "Httpv2Config.h"
#include "plugin/PluginApi.h"
#include "service/BlobAccess.h"
#include "service/CommandTracker.h"
#include "service/DeviceRegistry.h"
#include "service/EventPublisher.h"
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
          events(pluginContext),
          blobs(pluginContext.blobs()),
          batches(std::chrono::seconds(config.batchTimeoutSeconds)),
          commands(pluginContext.store(), events, pluginContext.logger(),
                   std::chrono::seconds(config.commandResultTimeoutSeconds)),
          devices(pluginContext, config, events),
          work(pluginContext.store(), batches, commands),
          persons(pluginContext, blobs, events) {}

    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    PluginContext& context;
    const Httpv2Config config;
    EventPublisher events;
    BlobAccess blobs;
    SyncBatches batches;
    CommandTracker commands;
    DeviceRegistry devices;
    WorkProbe work;
    PersonIntake persons;
};

} // namespace passway::httpv2
