#pragma once

#include <string>
#include <utility>
#include <vector>

namespace passway::henan {

// One request's form parameters in the order they arrived.
using FormParams = std::vector<std::pair<std::string, std::string>>;

// The document's signature (seed 003, 签名生成算法): the parameters the
// interface declares and the request carries (empty ones included, values
// not trimmed), "name=value" joined by '&', then "&appsecret=<secret>", the
// whole string lower-cased, SHA-256, hex. `sign` itself is never signed.
class Signature {
public:
    // The parameters each interface declares, in the document's order: the
    // one table of the plugin (README.md, "Signature"). Empty for a path the
    // document does not have.
    static const std::vector<std::string>& declared(const std::string& path);

    // The string that is hashed, parameters in `order`.
    static std::string canonical(const FormParams& params, const std::vector<std::string>& order,
                                 const std::string& secret);
    static std::string sha256Hex(const std::string& text);

    // The sign of outgoing requests: declared order.
    static std::string sign(const std::string& path, const FormParams& params, const std::string& secret);

    // The document does not state the order; its example follows the
    // interface's declaration. Accepted: the declared order, then the
    // alphabetical order of the same parameters. Compared case-insensitively.
    static bool verify(const std::string& path, const FormParams& params, const std::string& secret,
                       const std::string& sign);
};

// The value of `name` (the first one); empty when absent.
const std::string* findParam(const FormParams& params, const std::string& name);

}  // namespace passway::henan
