#pragma once

#include "http/Call.h"
#include "service/Services.h"
#include "wire/Reply.h"

#include <Poco/JSON/Object.h>

#include <vector>

namespace passway::zjchilink {

using Handler = Reply (*)(Services&, Call&);

// 1. accounts (AccountEndpoints.cpp)
Reply registerSmsCode(Services&, Call&);
Reply resetSmsCode(Services&, Call&);
Reply registerBySms(Services&, Call&);
Reply login(Services&, Call&);
Reply getProfile(Services&, Call&);
Reply updateProfile(Services&, Call&);
Reply resetByOldPassword(Services&, Call&);
Reply resetBySms(Services&, Call&);
Reply externalUsername(Services&, Call&);
Reply registerGateway(Services&, Call&);
// AvatarEndpoints.cpp
Reply updateAvatar(Services&, Call&);
Reply getAvatar(Services&, Call&);
// 2.1 devices (DeviceEndpoints.cpp)
Reply devices(Services&, Call&);
// 2.2 authorizations (AuthorizationEndpoints.cpp)
Reply authorizations(Services&, Call&);
// 2.3 spaces, 2.11 home (SpaceEndpoints.cpp)
Reply spaces(Services&, Call&);
Reply home(Services&, Call&);
// 2.7 members, 2.8 keys, 2.10 temporary passwords (KeyEndpoints.cpp)
Reply members(Services&, Call&);
Reply keys(Services&, Call&);
Reply temporaryPasswords(Services&, Call&);
// 2.6, 2.9, 2.12-2.15 (MiscEndpoints.cpp)
Reply messages(Services&, Call&);
Reply smsAlarm(Services&, Call&);
Reply versions(Services&, Call&);
Reply timestamp(Services&, Call&);
Reply feedback(Services&, Call&);
Reply share(Services&, Call&);

// Shared helpers (Common.cpp).
// msg = {"page": {...}, "data": [...]} for the page the call's `page` and `limit` ask for (default 10).
Poco::JSON::Object::Ptr pagedMsg(const std::vector<Poco::JSON::Object::Ptr>& items, const Call& call);
// The device (collection "devices") or ApiError 400065.
Poco::JSON::Object::Ptr deviceOr(Services&, std::int64_t id);
// The user's permission level on a device: 7 for its owner, an authorization's level, else 0.
int permissionOf(Services&, std::int64_t userId, const Poco::JSON::Object::Ptr& device);
// ApiError 400042 unless the user holds at least `level` on the device.
void requirePermission(Services&, const Call&, const Poco::JSON::Object::Ptr& device, int level);
// The user's default home id.
std::int64_t defaultHome(Services&, std::int64_t userId);
// "2018-07-28 13:47:26" for unix ms (local time of the server).
std::string localTime(std::int64_t ms);

}  // namespace passway::zjchilink
