#pragma once

#include "passway/PluginApi.h"

#include <Poco/Net/ServerSocket.h>

namespace passway {

// Binds and listens on the socket a ListenerSpec describes: plain TCP, or TLS
// with the spec's PEM certificate and key, requiring client certificates
// signed by caFile when one is given. Throws std::runtime_error naming the
// address on failure (port in use, unreadable certificate, ...).
Poco::Net::ServerSocket openListenerSocket(const ListenerSpec& spec);

} // namespace passway
