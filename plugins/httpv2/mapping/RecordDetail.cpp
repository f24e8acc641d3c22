#include "mapping/RecordDetail.h"

#include "mapping/RecordTypes.h"
#include "wire/JsonFields.h"
#include "wire/ProtocolError.h"

#include <Poco/String.h>

#include <cmath>

namespace passway::httpv2 {

namespace {

std::optional<std::string> nonZero(const std::optional<std::string>& value) {
    if (!value) return std::nullopt;
    const std::string trimmed = Poco::trim(*value);
    if (trimmed.empty() || trimmed == "0") return std::nullopt;
    return trimmed;
}

} // namespace

std::string recordIdentity(const JsonFields& fields, std::initializer_list<const char*> names) {
    // The fields as the terminal sent them (not as read): a retry repeats
    // them byte for byte, and a missing RecordDate must not become "now".
    std::string identity;
    for (const char* name : names) {
        identity += std::string(identity.empty() ? "" : "|") + name + "=" + Poco::trim(fields.text(std::string_view(name)).value_or(""));
    }
    return identity;
}

RecordDetail readRecordDetail(const Poco::JSON::Object::Ptr& json, const std::string& raw, std::int64_t nowMs) {
    const JsonFields f(json);
    RecordDetail detail;
    Record& r = detail.record;

    const auto id = f.text("RecordID");
    if (!id || Poco::trim(*id).empty()) throw ProtocolError::badRequest("RecordDetail has no RecordID");
    r.deviceRecordId = Poco::trim(*id);

    const auto date = f.integer("RecordDate");
    if (!date || *date <= 0) {
        r.deviceTime = nowMs;
    } else {
        r.deviceTime = *date >= 100000000000LL ? *date : *date * 1000;  // 12+ digits: already milliseconds
    }
    detail.recordType = static_cast<int>(f.integer("RecordType").value_or(0));
    detail.cardNum = nonZero(f.text("CardNum"));
    if (detail.recordType == kFreeOpenRecordType) {
        // 免验证开门: "按指纹时用户号为0，刷卡时用户号是卡号" -- the UserID of
        // this type is the card that was swiped (0 for a fingerprint), never
        // a person's number.
        if (!detail.cardNum) detail.cardNum = nonZero(f.text("UserID"));
    } else {
        r.userId = f.userId("UserID");
    }
    if (detail.cardNum) r.card = *detail.cardNum;
    if (const auto entry = f.integer("IsEntry")) r.direction = *entry == 1 ? "in" : (*entry == 0 ? "out" : "");
    if (const auto temp = f.number("BodyTemp"); temp && *temp > 0) {
        r.temperature = *temp > 100 ? std::round(*temp) / 10.0 : *temp;
    }
    const RecordMeaning meaning = recordMeaning(detail.recordType);
    r.verifyType = std::string(meaning.verifyType);
    r.result = std::string(meaning.result);
    r.reason = std::string(meaning.reason);
    r.raw = raw;

    detail.qrCode = nonZero(f.text("QRCode"));
    detail.name = f.text("Name").value_or("");
    detail.photoLen = f.integer("PhotoLen").value_or(0);
    r.identity = recordIdentity(f, {"RecordDate", "RecordType", "UserID", "CardNum", "QRCode", "IsEntry"});
    return detail;
}

} // namespace passway::httpv2
