#pragma once

#include "plugin/services/PluginBlobs.h"
#include "plugin/services/PluginCommands.h"
#include "plugin/services/PluginDevices.h"
#include "plugin/services/PluginKeyValue.h"
#include "plugin/services/PluginPersons.h"
#include "plugin/services/PluginRecords.h"
#include "plugin/services/PluginSync.h"
#include "store/Store.h"

namespace passway::plugin {

// The narrow services of one plugin's context, built over the host's
// store, blob store and bus.
struct PluginServices {
    PluginServices(const ServiceScope& scope, BlobStore& blobStore, RecordIngest& ingest, bool autoActivate,
                   CommandLifetime commandLifetime = {}, TerminalPolicy terminalPolicy = {}, Metrics* metrics = nullptr,
                   const PluginPolicy& policy = {})
        : devices(scope, autoActivate, std::move(terminalPolicy), metrics),
          sync(scope, policy),
          persons(scope, sync, policy),
          commands(scope, commandLifetime),
          blobs(blobStore),
          kv(scope.pluginId, scope.store.kv()),
          records(ingest, scope.logger) {}

    PluginDevices devices;
    PluginSync sync;
    PluginPersons persons;
    PluginCommands commands;
    PluginBlobs blobs;
    PluginKeyValue kv;
    PluginRecords records;
};

} // namespace passway::plugin
