#include "net/AllowedNetworks.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace passway::net {

namespace {

std::vector<std::string> entriesOf(const std::string& list) {
    std::vector<std::string> entries;
    std::string current;
    for (const char c : list) {
        if (c == ',' || c == ' ' || c == '\t' || c == ';') {
            if (!current.empty()) entries.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) entries.push_back(std::move(current));
    return entries;
}

bool samePrefix(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b, int prefix) {
    const int whole = prefix / 8;
    if (std::memcmp(a.data(), b.data(), static_cast<std::size_t>(whole)) != 0) return false;
    const int rest = prefix % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
    return (a[static_cast<std::size_t>(whole)] & mask) == (b[static_cast<std::size_t>(whole)] & mask);
}

} // namespace

bool AllowedNetworks::parseAddress(const std::string& text, Block& into) {
    into.bytes.fill(0);
    if (inet_pton(AF_INET, text.c_str(), into.bytes.data()) == 1) {
        into.v4 = true;
        return true;
    }
    if (inet_pton(AF_INET6, text.c_str(), into.bytes.data()) != 1) return false;
    static const std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(into.bytes.data(), kMapped, sizeof kMapped) == 0) {
        // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket.
        std::memmove(into.bytes.data(), into.bytes.data() + 12, 4);
        std::fill(into.bytes.begin() + 4, into.bytes.end(), 0);
        into.v4 = true;
        return true;
    }
    into.v4 = false;
    return true;
}

AllowedNetworks AllowedNetworks::parse(const std::string& list) {
    AllowedNetworks networks;
    for (const auto& entry : entriesOf(list)) {
        const auto slash = entry.find('/');
        Block block;
        if (!parseAddress(entry.substr(0, slash), block)) {
            throw std::invalid_argument("allowed_networks: '" + entry + "' is not an IPv4 or IPv6 address or network");
        }
        const int width = block.v4 ? 32 : 128;
        block.prefix = width;
        if (slash != std::string::npos) {
            const std::string bits = entry.substr(slash + 1);
            if (bits.empty() || bits.size() > 3 || !std::all_of(bits.begin(), bits.end(), ::isdigit) ||
                std::stoi(bits) > width) {
                throw std::invalid_argument("allowed_networks: '" + entry + "' has a bad prefix length (0-" +
                                            std::to_string(width) + ")");
            }
            block.prefix = std::stoi(bits);
        }
        networks.blocks_.push_back(block);
        networks.text_ += (networks.text_.empty() ? "" : ", ") + entry;
    }
    return networks;
}

bool AllowedNetworks::allows(const std::string& address) const {
    if (blocks_.empty()) return true;
    Block peer;
    if (!parseAddress(address, peer)) return false;
    for (const auto& block : blocks_) {
        if (block.v4 == peer.v4 && samePrefix(block.bytes, peer.bytes, block.prefix)) return true;
    }
    return false;
}

} // namespace passway::net
