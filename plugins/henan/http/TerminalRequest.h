#pragma once

#include "passway/model/Device.h"
#include "passway/net/HttpRequest.h"
#include "service/Services.h"
#include "wire/Signature.h"

#include <optional>
#include <string>

namespace passway::henan {

// One terminal request once its appid, sign and sn are checked: the
// parameters, the device (registered at first sight under the site's
// activation policy) and what the handlers need of the request.
struct TerminalRequest {
    std::string path;
    FormParams params;
    std::string appid;
    std::string serial;
    std::string version = "v1";
    Device device;
    std::string photoBase;  // scheme://host of picUrl

    std::string param(const std::string& name) const;
    bool has(const std::string& name) const { return findParam(params, name) != nullptr; }
    // `code` as a number; HenanError (未传入设备SN或命令编号) when absent or not a number.
    std::int64_t code() const;

    // Checks in this order, each refusal the document's own answer:
    // appid known (设备appid不存在), sign present (为传入设备sign), sign right
    // (sign验证失败), sn present (未传入设备SN…), the terminal's identity and
    // state (未匹配到数据: pending, disabled, refused by the host's rules).
    static TerminalRequest admit(Services& services, const net::HttpRequest& request, FormParams params);
};

}  // namespace passway::henan
