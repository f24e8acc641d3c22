#include "mapping/RecordTypes.h"

#include <array>

namespace passway::httpv2 {

namespace {

constexpr std::string_view kPass = "pass";
constexpr std::string_view kRefused = "refused";
constexpr std::string_view kEvent = "event";

// Index = RecordType; the document's table "RecordType 事件类型".
constexpr std::array<RecordMeaning, 50> kMeanings{{
    {"", kEvent, "record_type_unknown", "unknown record type"},
    {"card", kPass, "", "card"},                                                        // 1 刷卡验证
    {"fingerprint", kPass, "", "fingerprint"},                                          // 2 指纹验证
    {"face", kPass, "", "face"},                                                        // 3 人脸验证
    {"card+fingerprint", kPass, "", "card + fingerprint"},                              // 4
    {"face+fingerprint", kPass, "", "face + fingerprint"},                              // 5
    {"card+face", kPass, "", "card + face"},                                            // 6
    {"card+password", kPass, "", "card + password"},                                    // 7
    {"face+password", kPass, "", "face + password"},                                    // 8
    {"fingerprint+password", kPass, "", "fingerprint + password"},                      // 9
    {"password", kPass, "", "user id + password"},                                      // 10
    {"card+fingerprint+password", kPass, "", "card + fingerprint + password"},          // 11
    {"card+face+password", kPass, "", "card + face + password"},                        // 12
    {"fingerprint+face+password", kPass, "", "fingerprint + face + password"},          // 13
    {"card+fingerprint+face", kPass, "", "card + fingerprint + face"},                  // 14
    {"", kRefused, "repeated_verification", "repeated verification"},                   // 15 重复验证
    {"", kRefused, "validity_expired", "validity expired"},                             // 16 有效期过期
    {"", kRefused, "outside_time_group", "outside the person's time group"},            // 17 开门时段过期
    {"", kRefused, "holiday", "no access on holidays"},                                 // 18 节假日时不能开门
    {"", kRefused, "unregistered", "unregistered person"},                              // 19 未注册用户
    {"", kRefused, "detection_locked", "detection locked"},                             // 20 探测锁定
    {"", kRefused, "open_times_exhausted", "no open times left"},                       // 21 有效次数已用尽
    {"", kRefused, "door_locked", "door locked"},                                       // 22 锁定时验证，禁止开门
    {"card", kRefused, "card_lost", "card reported lost"},                              // 23 挂失卡
    {"card", kRefused, "blacklist", "blacklisted card"},                                // 24 黑名单卡
    {"none", kPass, "free_open", "opened without verification"},                        // 25 免验证开门
    {"card", kRefused, "card_disabled", "card verification disabled"},                  // 26 禁止刷卡验证
    {"fingerprint", kRefused, "fingerprint_disabled", "fingerprint verification disabled"},  // 27 禁止指纹验证
    {"", kRefused, "controller_expired", "controller expired"},                         // 28 控制器已过期
    {"", kPass, "validity_expiring_soon", "passed; validity expires soon"},             // 29 验证通过—有效期即将过期
    {"face", kRefused, "abnormal_temperature", "abnormal body temperature"},            // 30 体温异常，拒绝进入
    {"password", kPass, "visitor_password", "visitor password"},                        // 31 访客密码开门
    {"qrcode", kPass, "dynamic_qrcode", "dynamic QR code"},                             // 32 动态二维码扫码开门
    {"", kEvent, "person_added_on_device", "person added in the device menu"},          // 33
    {"", kEvent, "person_changed_on_device", "person changed in the device menu"},      // 34
    {"", kEvent, "person_deleted_on_device", "person deleted in the device menu"},      // 35
    {"palmvein", kPass, "", "palm vein"},                                               // 36 掌静脉识别
    {"card+palmvein+face", kPass, "", "card + palm vein + face"},                       // 37
    {"palmvein+password", kPass, "", "palm vein + password"},                           // 38
    {"card+palmvein", kPass, "", "card + palm vein"},                                   // 39
    {"face+palmvein", kPass, "", "face + palm vein"},                                   // 40
    {"card+palmvein+password", kPass, "", "card + palm vein + password"},               // 41
    {"palmvein+face+password", kPass, "", "palm vein + face + password"},               // 42
    {"fingerprint+palmvein+face", kPass, "", "fingerprint + palm vein + face"},         // 43
    {"", kEvent, "combination_waiting", "combined verification: waiting for the next person"},  // 44
    {"", kRefused, "combination_failed", "combined verification failed"},              // 45 组合验证失败
    {"combination", kPass, "", "combined verification complete"},                      // 46 组合验证完成
    {"face+idcard", kPass, "", "face compared with identity card"},                     // 47 人证比对
    {"card", kRefused, "card_unregistered", "card not registered"},                     // 48 卡未注册
    {"qrcode", kRefused, "qrcode_unregistered", "QR code not registered"},              // 49 未注册二维码
}};

} // namespace

RecordMeaning recordMeaning(int recordType) {
    if (recordType < 1 || recordType >= static_cast<int>(kMeanings.size())) return kMeanings[0];
    return kMeanings[static_cast<std::size_t>(recordType)];
}

} // namespace passway::httpv2
