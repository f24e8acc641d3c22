#pragma once

#include "util/Metrics.h"

#include <string>

namespace passway {

// A plugin's request and error counts in the host's metrics, by plugin id:
// bumped by its HTTP listeners, read by the Plugins screen. They outlive a
// plugin's restarts (counters are never removed).
struct PluginCounters {
    Metrics::Counter* requests = nullptr;
    Metrics::Counter* errors = nullptr;

    static PluginCounters of(Metrics& metrics, const std::string& pluginId) {
        const std::string label = "plugin=\"" + pluginId + "\"";
        return {&metrics.counter("passway_plugin_requests_total", "Requests to each plugin's HTTP listeners", label),
                &metrics.counter("passway_plugin_errors_total", "Answers of 400 or more from each plugin's HTTP listeners", label)};
    }
};

} // namespace passway
