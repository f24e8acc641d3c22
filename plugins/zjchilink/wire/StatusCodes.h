#pragma once

#include <string>
#include <vector>

namespace passway::zjchilink {

// Every status code seed 004 uses, with its meaning, and the HTTP status
// the plugin answers it with. The plugin answers with these codes only
// (a test walks the table). Where the document reuses a code for several
// meanings (200012..200016 for devices and generic data, 400505 for dozens
// of lock events, 200503 for many states) the table keeps one entry whose
// meaning lists them.
struct StatusCode {
    int code;
    int http;             // 200, 201, 400, 401, 500
    const char* meaning;  // the document's wording (English where it gives one)
};

const std::vector<StatusCode>& statusTable();
bool isDocumentCode(int code);
// The table's meaning; throws std::out_of_range for a code not in the table.
const StatusCode& statusOf(int code);

// The codes the plugin uses by name.
namespace code {
// 1. accounts
constexpr int kSmsSent = 200001, kRegistered = 200002, kLoggedIn = 200003, kProfile = 200004,
              kPasswordReset = 200005, kPasswordResetSms = 200007, kProfileUpdated = 200008, kAvatarUpdated = 200009,
              kAvatar = 200010, kExternalUser = 200011;
constexpr int kUserExists = 400001, kPhoneError = 400002, kParams = 400003, kEmailExists = 400004,
              kPasswordLength = 400005, kPasswordsDiffer = 400006, kUsernameExists = 400007, kSmsCodeInvalid = 400009,
              kNotValidUsername = 400010, kUserNotActive = 400011, kBadCredentials = 400012, kNoUsername = 400013,
              kProfileTokenInvalid = 401014, kProfileNoUser = 400015, kOldPasswordError = 401017,
              kResetNoUser = 400018, kResetMismatch = 400019, kResetInvalid = 400020, kResetSmsError = 401024,
              kResetSmsNoUser = 400025, kResetSmsMismatch = 400026, kResetSmsInvalid = 400027,
              kUpdateTokenInvalid = 401028, kAvatarTokenInvalid = 401030, kImageFormat = 400031, kImageSize = 400032,
              kAvatarNotSet = 400036, kExternalNotAuthorized = 400038;
// 2. devices and the rest of the iot API
constexpr int kTokenInvalid = 400000, kForbidden = 400042, kServerError = 500000;
constexpr int kDevice = 200012, kDeviceCreated = 200013, kDeviceDeleted = 200014, kDeviceUpdated = 200015,
              kDeviceList = 200016, kDeviceExists = 400064, kDeviceMissing = 400065, kDeviceCreateFailed = 400072,
              kSpaceMissing = 400074;
constexpr int kAuthorization = 200017, kAuthorizationCreated = 200018, kAuthorizationUpdated = 200019,
              kAuthorizationDeleted = 200020, kAuthorizationList = 200021, kAuthorizedMissing = 400084,
              kAuthorizationTooDeep = 400086, kAuthorizationMissing = 400087, kAuthorizationExists = 400088;
constexpr int kSpace = 200022, kSpaceCreated = 200023, kSpaceUpdated = 200024, kSpaceDeleted = 200025,
              kSpaceList = 200026, kHomeMissing = 400079, kSpaceExists = 400080, kDefaultSpaceCreate = 400082,
              kDefaultSpaceDelete = 400083;
constexpr int kBatchOk = 200200, kBatchPartly = 200201, kBatchFailed = 400400, kMethodUnsupported = 400089,
              kProtocolUnsupported = 400090, kUrlInvalid = 400091;
constexpr int kMember = 200042, kMemberCreated = 200043, kMemberUpdated = 200044, kMemberDeleted = 200045,
              kMemberList = 200046, kMemberMissing = 400093;
constexpr int kKey = 200029, kKeyCreated = 200030, kKeyUpdated = 200031, kKeyDeleted = 200032, kKeyList = 200033,
              kKeyMissing = 400098, kKeyExists = 400099;
constexpr int kTempPassword = 200034, kTempPasswordCreated = 200035, kTempPasswordList = 200036,
              kAuthorizerMissing = 400101;
constexpr int kMessage = 200038, kMessageCreated = 200039, kMessageDeleted = 200040, kMessageList = 200041;
constexpr int kVersionLatest = 200037, kVersionList = 200047, kFeedback = 200048, kTimestamp = 200049,
              kShared = 200050;
// 4. MQTT, 9. operation states, 10. UDP
constexpr int kMqttPublished = 200401, kMqttPermission = 400402;
constexpr int kClosed = 200501, kNormallyOpen = 200502, kOpened = 200503, kLockEvent = 400505;
constexpr int kUdpAvailable = 200601, kUdpUnmatched = 400601;
}  // namespace code

}  // namespace passway::zjchilink
