#pragma once

#include "passway/net/HttpResponse.h"

#include <Poco/Dynamic/Var.h>

#include <stdexcept>
#include <string>

namespace passway::henan {

// The document's messages, word for word (including its typos: 为传入 for
// 未传入 is what terminals built from it compare against).
namespace msg {
inline constexpr const char* kUnknownApp = "设备appid不存在";
inline constexpr const char* kBadSign = "sign验证失败";
inline constexpr const char* kNoSign = "为传入设备sign";
inline constexpr const char* kNoSnOrCode = "未传入设备SN或命令编号（用于回调）";
inline constexpr const char* kNoMatch = "未匹配到数据";
inline constexpr const char* kNoCommand = "暂无命令";
inline constexpr const char* kGot = "获取成功";
inline constexpr const char* kDone = "操作成功";
inline constexpr const char* kFailed = "异常：操作失败";
inline constexpr const char* kNoAttendanceFields = "未传入userCode或time或type";
inline constexpr const char* kNothingDone = "未进行任何操作";
}  // namespace msg

// A refusal in the protocol's shape: {"msg": ..., "data": "", "success": 0}.
class HenanError : public std::runtime_error {
public:
    explicit HenanError(const std::string& message, std::string detail = {})
        : std::runtime_error(message), detail_(std::move(detail)) {}
    // For the log: why, beyond the document's message.
    const std::string& detail() const { return detail_; }

private:
    std::string detail_;
};

// Every answer is {"msg", "data", "success"} with HTTP 200; `data` is an
// object, a string (the document's double-encoded arrays) or "".
struct Reply {
    static net::HttpResponse make(int success, const std::string& message, const Poco::Dynamic::Var& data);
    static net::HttpResponse ok(const std::string& message, const Poco::Dynamic::Var& data = std::string());
    static net::HttpResponse refused(const std::string& message, const Poco::Dynamic::Var& data = std::string());
};

}  // namespace passway::henan
