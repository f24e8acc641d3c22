#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <string>

namespace passway::net {

class ServerCore;

// Serves one accepted connection (plain or TLS, as the server is) until it
// closes. `source` was admitted by ServerCore::admit() and is released when
// the socket closes.
void startConnection(std::shared_ptr<ServerCore> core, boost::asio::ip::tcp::socket socket, std::string source);

} // namespace passway::net
