#pragma once

// What a plugin offers an operator: its settings and command kinds, so the
// admin page renders forms for it with no plugin knowledge (README "Plugin
// declarations"). Optional and additive: a plugin without it runs as before
// and the page shows no form. In the plugin's main file, after PASSWAY_PLUGIN:
//
//   PASSWAY_PLUGIN_DECLARATIONS(kDeclarations)   // JSON text, static storage
//
//   {"connect": "HTTPClient_ServerAddr = {scheme}://{host}:{port}",
//    "settings": [{"key", "type": string|int|number|bool|secret|url|list|choice,
//                  "default", "description", "secret", "min", "max", "choices"}],
//    "commands": [{"kind", "description",
//                  "args": [{"name", "type", "required", "description"}]}]}
//
// The host reads it through passway_plugin_declarations() after the version
// check, also for a plugin it does not start (the Plugins screen lists them).

#include "passway/PluginApi.h"

extern "C" {
typedef const char* (*PasswayPluginDeclarationsFn)();
}

#define PASSWAY_PLUGIN_DECLARATIONS(Json) \
    PASSWAY_PLUGIN_EXPORT const char* passway_plugin_declarations() noexcept { return Json; }
