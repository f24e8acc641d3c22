#include "handlers/Handlers.h"

#include "passway/JsonText.h"
#include "wire/StatusCodes.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/LocalDateTime.h>
#include <Poco/NumberParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>

namespace passway::zjchilink {

Poco::JSON::Object::Ptr pagedMsg(const std::vector<Poco::JSON::Object::Ptr>& items, const Call& call) {
    int limit = 10, page = 1;
    if (!Poco::NumberParser::tryParse(call.param("limit", "10"), limit) || limit < 1 || limit > 1000 ||
        !Poco::NumberParser::tryParse(call.param("page", "1"), page) || page < 1) {
        throw ApiError(code::kParams, "limit must be 1..1000 and page at least 1");
    }
    const int total = static_cast<int>(items.size());
    const int pages = std::max(1, (total + limit - 1) / limit);
    Poco::JSON::Array::Ptr data(new Poco::JSON::Array);
    for (int i = (page - 1) * limit; i < std::min(total, page * limit); ++i) data->add(items[i]);
    auto info = passway::json::ordered();
    info->set("total_page", pages);
    info->set("current_page", page);
    info->set("page_pieces", static_cast<int>(data->size()));
    info->set("total_pieces", total);
    auto msg = passway::json::ordered();
    msg->set("page", info);
    msg->set("data", data);
    return msg;
}

Poco::JSON::Object::Ptr deviceOr(Services& s, std::int64_t id) {
    auto device = id > 0 ? s.docs.get("devices", id) : nullptr;
    if (!device) throw ApiError(code::kDeviceMissing, "no device " + std::to_string(id));
    return device;
}

int permissionOf(Services& s, std::int64_t userId, const Poco::JSON::Object::Ptr& device) {
    if (intField(device, "user_id") == userId) return 7;
    const std::int64_t deviceId = intField(device, "id");
    int best = 0;
    for (const auto& a : s.docs.list("authorizations", [&](const auto& a) {
             return intField(a, "info_id") == deviceId && intField(a, "authorized_id") == userId;
         })) {
        best = std::max(best, static_cast<int>(intField(a, "perm")));
    }
    return best;
}

void requirePermission(Services& s, const Call& call, const Poco::JSON::Object::Ptr& device, int level) {
    if (permissionOf(s, call.userId(), device) < level) {
        throw ApiError(code::kForbidden, "needs permission level " + std::to_string(level) + " on device " +
                                             std::to_string(intField(device, "id")));
    }
}

std::int64_t defaultHome(Services& s, std::int64_t userId) {
    const auto homes = s.docs.list("homes", [&](const auto& h) { return intField(h, "user_id") == userId; });
    if (homes.empty()) throw ApiError(code::kHomeMissing, "the user has no home");
    return intField(homes.front(), "id");
}

std::string localTime(std::int64_t ms) {
    return Poco::DateTimeFormatter::format(Poco::LocalDateTime(Poco::Timestamp(ms * 1000)), "%Y-%m-%d %H:%M:%S");
}

}  // namespace passway::zjchilink
