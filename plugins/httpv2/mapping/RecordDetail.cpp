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
    r.userId = f.userId("UserID");
    if (const auto entry = f.integer("IsEntry")) r.direction = *entry == 1 ? "in" : (*entry == 0 ? "out" : "");
    if (const auto temp = f.number("BodyTemp"); temp && *temp > 0) {
        r.temperature = *temp > 100 ? std::round(*temp) / 10.0 : *temp;
    }
    detail.recordType = static_cast<int>(f.integer("RecordType").value_or(0));
    const RecordMeaning meaning = recordMeaning(detail.recordType);
    r.verifyType = std::string(meaning.verifyType);
    r.result = std::string(meaning.result);
    r.reason = std::string(meaning.reason);
    r.raw = raw;

    detail.cardNum = nonZero(f.text("CardNum"));
    detail.qrCode = nonZero(f.text("QRCode"));
    detail.name = f.text("Name").value_or("");
    detail.photoLen = f.integer("PhotoLen").value_or(0);
    return detail;
}

} // namespace passway::httpv2
