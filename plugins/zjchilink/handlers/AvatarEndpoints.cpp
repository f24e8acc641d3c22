// 1.9 / 1.10: the user's avatar, kept in the host's blob store. Limits: jpg,
// png or bmp by content (not by the declared type alone), at most 2 MiB
// (the document's image_size example), 144..720 pixels a side where the
// header tells the size.

#include "handlers/Handlers.h"

#include "passway/JsonText.h"
#include "wire/StatusCodes.h"

#include <Poco/Base64Decoder.h>

#include <sstream>

namespace passway::zjchilink {

namespace {

constexpr std::size_t kMaxAvatarBytes = 2097152;

std::string decode(const std::string& type, const std::string& data) {
    if (type == "raw") return data;
    if (type == "hex") {
        if (data.size() % 2) throw ApiError(code::kParams, "hex image_data has an odd length");
        std::string out;
        for (std::size_t i = 0; i < data.size(); i += 2) {
            const auto nibble = [](char c) -> int {
                if (c >= '0' && c <= '9') return c - '0';
                if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                if (c >= 'A' && c <= 'F') return c - 'A' + 10;
                throw ApiError(code::kParams, "image_data is not hex");
            };
            out += static_cast<char>(nibble(data[i]) * 16 + nibble(data[i + 1]));
        }
        return out;
    }
    if (type != "base64") throw ApiError(code::kParams, "data_type must be base64, raw or hex");
    try {
        std::istringstream in(data);
        Poco::Base64Decoder decoder(in);
        return std::string(std::istreambuf_iterator<char>(decoder), {});
    } catch (const std::exception&) {
        throw ApiError(code::kParams, "image_data is not base64");
    }
}

// The image's format by its first bytes, and its size when the header says.
std::string formatOf(const std::string& b, int& width, int& height) {
    const auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
    width = height = 0;
    if (b.size() > 24 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) {
        width = (u(16) << 24) | (u(17) << 16) | (u(18) << 8) | u(19);
        height = (u(20) << 24) | (u(21) << 16) | (u(22) << 8) | u(23);
        return "png";
    }
    if (b.size() > 26 && b[0] == 'B' && b[1] == 'M') {
        width = u(18) | (u(19) << 8) | (u(20) << 16) | (u(21) << 24);
        height = std::abs(static_cast<int>(u(22) | (u(23) << 8) | (u(24) << 16) | (u(25) << 24)));
        return "bmp";
    }
    if (b.size() > 4 && u(0) == 0xFF && u(1) == 0xD8) {
        for (std::size_t i = 2; i + 9 < b.size();) {
            if (u(i) != 0xFF) break;
            const int marker = u(i + 1);
            const std::size_t length = (u(i + 2) << 8) | u(i + 3);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                height = (u(i + 5) << 8) | u(i + 6);
                width = (u(i + 7) << 8) | u(i + 8);
                break;
            }
            i += 2 + length;
        }
        return "jpg";
    }
    return {};
}

}  // namespace

Reply updateAvatar(Services& s, Call& call) {
    if (!call.user->optValue<bool>("is_active", true)) throw ApiError(400033, "user not active");
    const std::string declared = textField(call.body, "image_type"), dataType = textField(call.body, "data_type", "base64"),
                      data = textField(call.body, "image_data"), name = textField(call.body, "image_name", "avatar");
    if (data.empty()) throw ApiError(code::kParams, "image_data is required");
    if (declared != "jpg" && declared != "png" && declared != "bmp") {
        throw ApiError(code::kImageFormat, "image_type must be jpg, png or bmp");
    }
    const std::string bytes = decode(dataType, data);
    if (bytes.size() > kMaxAvatarBytes) throw ApiError(code::kImageSize, "the image is over 2097152 bytes");
    int width = 0, height = 0;
    const std::string actual = formatOf(bytes, width, height);
    if (actual.empty() || actual != declared) {
        throw ApiError(code::kImageFormat, "the image data is not " + declared);
    }
    if (width && height && (width > 720 || height > 720 || width < 144 || height < 144)) {
        throw ApiError(code::kImageSize, "the image is " + std::to_string(width) + " x " + std::to_string(height) +
                                             " (144..720 a side)");
    }
    const std::string blob = s.context.blobs().put(bytes);
    auto account = call.user;
    const std::string url = "/api/accounts/user_get_avatar/" + std::to_string(intField(account, "id")) + "/avatar." + actual + "/";
    account->set("avatar_blob", blob);
    account->set("avatar_type", actual);
    account->set("avatar_url", url);
    s.accounts.save(account);
    auto msg = passway::json::ordered();
    msg->set("image_type", actual);
    msg->set("image_size", std::to_string(bytes.size()));
    msg->set("image_name", name);
    msg->set("data_type", dataType);
    msg->set("avatar_url", url);
    return Reply(code::kAvatarUpdated, msg);
}

Reply getAvatar(Services& s, Call& call) {
    // rest: "<user_id>/avatar.jpg/"
    const auto slash = call.rest.find('/');
    std::int64_t userId = 0;
    try {
        userId = std::stoll(call.rest.substr(0, slash));
    } catch (const std::exception&) {
        throw ApiError(code::kParams, "the path names no user id");
    }
    const auto account = s.accounts.byId(userId);
    if (!account) throw ApiError(code::kAvatarNotSet, "no such user");
    if (!account->optValue<bool>("is_active", true)) throw ApiError(400035, "user not active");
    const std::string blob = textField(account, "avatar_blob");
    const auto bytes = blob.empty() ? std::nullopt : s.context.blobs().get(blob);
    if (!bytes) throw ApiError(code::kAvatarNotSet, "avatar not set");
    // 200010 "return image": the image itself is the answer.
    const std::string type = textField(account, "avatar_type");
    Reply reply(code::kAvatar);
    reply.raw = std::make_shared<net::HttpResponse>(net::HttpResponse::text(
        200, *bytes, type == "png" ? "image/png" : type == "bmp" ? "image/bmp" : "image/jpeg"));
    return reply;
}

}  // namespace passway::zjchilink
