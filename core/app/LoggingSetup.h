#pragma once

#include <Poco/Util/AbstractConfiguration.h>

namespace passway {

// Routes every Poco logger to the console (when `console`) and to a rotating
// file at log.path, one line per event: time, level, component, message.
// The component is the logger name (app, store, admin, bus, plugin.<id>, ...).
void setupLogging(const Poco::Util::AbstractConfiguration& config, bool console);

// Drains the asynchronous log queue, stops its thread and sends what is
// logged afterwards straight to the console and the file. Call before
// leaving main: left to static destruction, the queue's thread is already
// gone and the process would wait for it forever.
void shutdownLogging();

} // namespace passway
