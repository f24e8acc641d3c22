#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace passway::net {

// The networks a listener serves (plugin.<id>.allowed_networks): IPv4 and
// IPv6 CIDR blocks, or single addresses. Empty allows everyone. An IPv4
// client reaching an IPv6 socket (::ffff:192.0.2.7) counts as its IPv4
// address. Immutable once parsed: shared by I/O threads without a lock.
class AllowedNetworks {
public:
    AllowedNetworks() = default;
    // "10.0.0.0/8, 192.168.1.7, fd00::/8" (commas or spaces between entries).
    // Throws std::invalid_argument naming the bad entry.
    static AllowedNetworks parse(const std::string& list);

    bool empty() const { return blocks_.empty(); }
    // False for an address outside every block, and for one that is not an
    // IP address at all (a refusal is the safe answer).
    bool allows(const std::string& address) const;
    const std::string& text() const { return text_; }

private:
    struct Block {
        bool v4 = true;
        std::array<std::uint8_t, 16> bytes{};
        int prefix = 0;
    };
    static bool parseAddress(const std::string& text, Block& into);

    std::vector<Block> blocks_;
    std::string text_;
};

} // namespace passway::net
