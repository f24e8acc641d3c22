#include "service/Canonical.h"

#include "passway/JsonText.h"

#include <algorithm>
#include <stdexcept>

namespace passway::zjchilink {

std::uint32_t Canonical::id(std::int64_t n, std::uint32_t offset) const {
    if (n <= 0 || n >= 1000000) throw std::length_error("zjchilink: no canonical id for entry " + std::to_string(n));
    return config_.personIdBase + offset + static_cast<std::uint32_t>(n);
}

Device Canonical::device(const std::string& uuid, const Poco::JSON::Object::Ptr& info) {
    Device device = context_.devices().obtain(uuid);
    auto reported = passway::json::ordered();
    for (const char* key : {"category", "type_sub", "type", "ver", "title", "body"}) {
        if (info && info->has(key) && !info->get(key).isEmpty()) reported->set(key, info->get(key));
    }
    const std::string title = info ? info->optValue<std::string>("title", "") : "";
    if (auto stored = context_.devices().mergeReported(device.id, passway::json::text(reported), title)) return *stored;
    return device;
}

PersonService::IntakeOutcome Canonical::credential(std::int64_t deviceId, std::uint32_t userId, const std::string& name,
                                                   const Credential& credential, bool remove,
                                                   std::optional<std::int64_t> validFrom,
                                                   std::optional<std::int64_t> validUntil) {
    return context_.persons().intake(
        deviceId, userId,
        [&](Person& p) {
            if (p.name.empty()) p.name = name;
            if (validFrom) p.validFrom = validFrom;
            if (validUntil) p.validUntil = validUntil;
            auto& list = p.credentials;
            list.erase(std::remove_if(list.begin(), list.end(),
                                      [&](const Credential& c) {
                                          return c.kind == credential.kind && c.value == credential.value;
                                      }),
                       list.end());
            if (!remove) list.push_back(credential);
        },
        PersonIntakePolicy::Upsert);
}

void Canonical::openRecord(std::int64_t deviceId, const std::string& eventId, std::optional<std::uint32_t> userId,
                           const std::string& verifyType, std::int64_t atMs, const std::string& raw) {
    IngestItem item;
    item.record.deviceId = deviceId;
    item.record.deviceRecordId = eventId;
    item.record.userId = userId;
    item.record.deviceTime = atMs;
    item.record.verifyType = verifyType;
    item.record.result = "pass";
    item.record.raw = raw;
    context_.records().ingest(std::move(item));
}

std::string credentialKind(std::int64_t keyType) {
    switch (keyType) {
        case 0:
            return "password";
        case 1:
            return "card";
        default:
            return {};
    }
}

}  // namespace passway::zjchilink
