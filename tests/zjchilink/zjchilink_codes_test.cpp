// The status code table of seed 004 and the answer shape: every code the
// plugin names is in the table, every entry is a 6-digit code of the
// document with a meaning and an HTTP status of its class, and no answer can
// carry a code outside the table.

#include <boost/test/unit_test.hpp>

#include "wire/Reply.h"
#include "wire/StatusCodes.h"

#include <Poco/JSON/Parser.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace passway::zjchilink;

namespace {

std::string seed() {
    std::ifstream in(std::string(PASSWAY_SOURCE_DIR) + "/../shared/seeds/004_acf18eae567fe002.txt");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_entry_is_a_six_digit_code_with_a_meaning_and_an_http_status_of_its_class) {
    std::set<int> seen;
    for (const auto& s : statusTable()) {
        BOOST_TEST_CONTEXT("code " << s.code) {
            BOOST_TEST(s.code >= 200000);
            BOOST_TEST(s.code <= 599999);
            BOOST_TEST(seen.insert(s.code).second, "listed twice");
            BOOST_TEST(std::string(s.meaning).size() > 0u);
            const int family = s.code / 100000;  // 2, 4, 5
            BOOST_TEST(s.http / 100 == family);
        }
    }
    BOOST_TEST(seen.size() > 140u);
}

BOOST_AUTO_TEST_CASE(every_code_of_the_table_appears_in_the_seed_document) {
    const std::string text = seed();
    if (text.empty()) {
        BOOST_TEST_MESSAGE("the seed document is not in ../shared/seeds: skipped");
        return;
    }
    for (const auto& s : statusTable()) {
        BOOST_TEST(text.find(std::to_string(s.code)) != std::string::npos, s.code << " is not in the document");
    }
}

BOOST_AUTO_TEST_CASE(the_named_codes_the_plugin_answers_with_are_all_in_the_table) {
    const int named[] = {
        code::kSmsSent, code::kRegistered, code::kLoggedIn, code::kProfile, code::kPasswordReset, code::kPasswordResetSms,
        code::kProfileUpdated, code::kAvatarUpdated, code::kAvatar, code::kExternalUser, code::kUserExists, code::kPhoneError,
        code::kParams, code::kEmailExists, code::kPasswordLength, code::kPasswordsDiffer, code::kUsernameExists,
        code::kSmsCodeInvalid, code::kNotValidUsername, code::kUserNotActive, code::kBadCredentials, code::kNoUsername,
        code::kProfileTokenInvalid, code::kProfileNoUser, code::kOldPasswordError, code::kResetNoUser, code::kResetMismatch,
        code::kResetInvalid, code::kResetSmsError, code::kResetSmsNoUser, code::kResetSmsMismatch, code::kResetSmsInvalid,
        code::kUpdateTokenInvalid, code::kAvatarTokenInvalid, code::kImageFormat, code::kImageSize, code::kAvatarNotSet,
        code::kExternalNotAuthorized, code::kTokenInvalid, code::kForbidden, code::kServerError, code::kDevice,
        code::kDeviceCreated, code::kDeviceDeleted, code::kDeviceUpdated, code::kDeviceList, code::kDeviceExists,
        code::kDeviceMissing, code::kDeviceCreateFailed, code::kSpaceMissing, code::kAuthorization,
        code::kAuthorizationCreated, code::kAuthorizationUpdated, code::kAuthorizationDeleted, code::kAuthorizationList,
        code::kAuthorizedMissing, code::kAuthorizationTooDeep, code::kAuthorizationMissing, code::kAuthorizationExists,
        code::kSpace, code::kSpaceCreated, code::kSpaceUpdated, code::kSpaceDeleted, code::kSpaceList, code::kHomeMissing,
        code::kSpaceExists, code::kDefaultSpaceCreate, code::kDefaultSpaceDelete, code::kBatchOk, code::kBatchPartly,
        code::kBatchFailed, code::kMethodUnsupported, code::kProtocolUnsupported, code::kUrlInvalid, code::kMember,
        code::kMemberCreated, code::kMemberUpdated, code::kMemberDeleted, code::kMemberList, code::kMemberMissing, code::kKey,
        code::kKeyCreated, code::kKeyUpdated, code::kKeyDeleted, code::kKeyList, code::kKeyMissing, code::kKeyExists,
        code::kTempPassword, code::kTempPasswordCreated, code::kTempPasswordList, code::kAuthorizerMissing, code::kMessage,
        code::kMessageCreated, code::kMessageDeleted, code::kMessageList, code::kVersionLatest, code::kVersionList,
        code::kFeedback, code::kTimestamp, code::kShared, code::kMqttPublished, code::kMqttPermission, code::kClosed,
        code::kNormallyOpen, code::kOpened, code::kLockEvent, code::kUdpAvailable, code::kUdpUnmatched};
    for (const int c : named) BOOST_TEST(isDocumentCode(c), c << " is not one of the document's codes");
}

BOOST_AUTO_TEST_CASE(an_answer_has_the_documents_shape_and_refuses_a_code_outside_the_table) {
    const Reply r(code::kSpaceCreated);
    const auto body = Poco::JSON::Parser().parse(r.json()).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(body->getValue<int>("status") == 200023);
    BOOST_TEST(body->getValue<std::string>("desc") == statusOf(200023).meaning);
    BOOST_TEST(body->getObject("msg") != nullptr);
    BOOST_TEST(Reply(code::kRegistered).http().status == 201);
    BOOST_TEST(Reply(code::kTokenInvalid).http().status == 401);
    BOOST_TEST(Reply(code::kServerError).http().status == 500);
    BOOST_CHECK_THROW(Reply(200006), std::out_of_range);  // 1.x skips 200006: not a code of the document
    BOOST_CHECK_THROW(Reply(404000), std::out_of_range);
    BOOST_TEST(!isDocumentCode(200000));
}
