#pragma once

#include "TcpjsonConfig.h"
#include "passway/model/Command.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace passway::tcpjson {

// A canonical command as a request of seed 001 (or of the vendor SDK's
// extensions): its mod and the fields besides the envelope.
struct CommandRequest {
    std::string mod;
    Poco::JSON::Object::Ptr fields;
    bool refreshInfo = false;  // ask get_device_info after it succeeded (settings changed)

    // nullopt with `why` filled: the command cannot be sent (unknown kind, bad args).
    static std::optional<CommandRequest> of(const Command& command, const TcpjsonConfig& config,
                                            std::int64_t nowMs, std::string& why);
};

} // namespace passway::tcpjson
