#pragma once

#include "Httpv2Config.h"
#include "passway/HostError.h"
#include "passway/PluginApi.h"
#include "service/BlobAccess.h"
#include "service/CommandTracker.h"
#include "service/DeviceRegistry.h"
#include "service/InventoryQueries.h"
#include "service/PendingWork.h"
#include "service/PersonIntake.h"
#include "service/SyncBatches.h"
#include "service/WipeDetector.h"

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
          blobs(pluginContext.blobs(), config.maxPhotoBytes),
          batches(std::chrono::seconds(config.batchTimeoutSeconds)),
          commands(pluginContext.commands(), pluginContext.logger(),
                   std::chrono::seconds(config.commandResultTimeoutSeconds)),
          devices(pluginContext, config),
          work(pluginContext, batches, commands),
          persons(pluginContext, blobs),
          wipes(pluginContext, devices, config) {}

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
    InventoryQueries queries;  // query_persons commands collecting their answers
    WipeDetector wipes;
};

} // namespace passway::httpv2
