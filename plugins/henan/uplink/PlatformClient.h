#pragma once

#include "HenanConfig.h"
#include "wire/Signature.h"

#include <Poco/Dynamic/Var.h>

#include <string>

namespace passway::henan {

// A platform's answer: {"msg","data","success"}; `data` as sent (an object,
// or a string that may hold JSON: the document double-encodes).
struct PlatformAnswer {
    int httpStatus = 0;
    bool success = false;
    std::string message;
    Poco::Dynamic::Var data;
    // `data` as an object or array, decoding a JSON string once; empty Var when neither.
    Poco::Dynamic::Var decodedData() const;
};

// Signed form POSTs to one platform, as a terminal makes them: the declared
// parameters in the document's order, `sign` appended. Throws
// std::runtime_error (no connection, not the protocol's shape); the secret
// never appears in a message.
class PlatformClient {
public:
    explicit PlatformClient(const UplinkConfig& config) : config_(config) {}

    // `params` without appid/sn/version/sign: they are added.
    PlatformAnswer post(const std::string& path, FormParams params) const;
    // A picUrl's bytes (bounded); throws on failure.
    std::string fetch(const std::string& url, std::size_t maxBytes) const;

private:
    const UplinkConfig& config_;
};

}  // namespace passway::henan
