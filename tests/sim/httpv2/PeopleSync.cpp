#include "sim/httpv2/PeopleSync.h"

#include "sim/httpv2/Session.h"

#include <Poco/Base64Decoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/MD5Engine.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <limits>
#include <sstream>

namespace passway::sim::httpv2 {

namespace {

Poco::JSON::Object::Ptr object() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

// A member as text whether the server wrote it as a string or a number.
std::string textOf(const Poco::JSON::Object::Ptr& item, const std::string& key) {
    if (!item->has(key) || item->isNull(key)) return "";
    try {
        return item->get(key).convert<std::string>();
    } catch (const Poco::Exception&) {
        return "";
    }
}

std::optional<std::uint32_t> parseUserId(const std::string& text) {
    Poco::UInt64 value = 0;
    if (text.empty() || !Poco::NumberParser::tryParseUnsigned64(Poco::trim(text), value)) return std::nullopt;
    if (value > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
    return static_cast<std::uint32_t>(value);
}

bool isUrl(const std::string& s) {
    return Poco::icompare(s.substr(0, 7), "http://") == 0 || Poco::icompare(s.substr(0, 8), "https://") == 0;
}

}  // namespace

std::string PeopleSync::md5Hex(const std::string& bytes) {
    Poco::MD5Engine md5;
    md5.update(bytes);
    return Poco::toUpper(Poco::DigestEngine::digestToHex(md5.digest()));
}

std::optional<PersonFailure> PeopleSync::fetchPhoto(const std::string& photo, StoredPerson& person) {
    const auto& options = session_.options();
    if (isUrl(photo)) {
        const HttpResponse response = session_.download(photo);
        if (response.status != 200) {
            return PersonFailure{2, "", "photo download failed (HTTP " + std::to_string(response.status) + ")"};
        }
        person.photo = response.body;
        person.photoSource = "url";
    } else {
        try {
            std::istringstream in(photo);
            Poco::Base64Decoder decoder(in);
            person.photo.assign(std::istreambuf_iterator<char>(decoder), {});
        } catch (const Poco::Exception&) {
            return PersonFailure{1, "", "Photo is neither a URL nor base64"};
        }
        person.photoSource = "base64";
    }
    if (person.photo.size() > options.maxPhotoBytes) {
        return PersonFailure{3, "", "photo is " + std::to_string(person.photo.size()) + " bytes"};
    }
    person.photoMd5Computed = md5Hex(person.photo);
    // The terminal checks what it fetched; it compares hex digits, not their case
    // (tests check the case: StoredPerson::photoVerified()).
    if (!person.photoMd5.empty() && Poco::icompare(person.photoMd5, person.photoMd5Computed) != 0) {
        return PersonFailure{
            2, "", "PhotoMD5 " + person.photoMd5 + " does not match the photo (" + person.photoMd5Computed + ")"};
    }
    return std::nullopt;
}

std::optional<PersonFailure> PeopleSync::apply(const Poco::JSON::Object::Ptr& item, std::string& userIdText) {
    TerminalModel& model = session_.model();
    userIdText = textOf(item, "UserID");
    const auto userId = parseUserId(userIdText);
    if (!userId) return PersonFailure{1, "", "UserID is not a number up to 4294967295"};
    if (auto injected = model.failureFor(*userId)) return injected;

    StoredPerson person;
    person.userId = *userId;
    person.userIdWasString = item->get("UserID").isString();
    person.name = textOf(item, "Name");
    person.cardNum = textOf(item, "CardNum");
    person.photoMd5 = textOf(item, "PhotoMD5");
    person.detail = item;
    if (const auto owner = model.cardOwner(person.cardNum, person.userId)) {
        return PersonFailure{23, std::to_string(*owner), "card number already held by " + std::to_string(*owner)};
    }
    const std::string photo = textOf(item, "Photo");
    if (!photo.empty()) {
        if (auto failure = fetchPhoto(photo, person)) return failure;
    }
    model.storePerson(std::move(person));
    return std::nullopt;
}

void PeopleSync::addPeople() {
    const auto& options = session_.options();
    for (int loop = 0; loop < options.maxLoops; ++loop) {
        auto request = object();
        request->set("SN", options.sn);
        request->set("Limit", options.downloadLimit);
        const HttpResponse response = session_.callJson(options.downloadPeoplePath, request);
        // Stop: Success other than 1, or an empty list.
        if (response.success() != 1) return;
        const auto reply = response.json();
        const auto list = reply->getArray("PeopleList");
        if (!list || list->size() == 0) return;

        int succeeded = 0;
        Poco::JSON::Array::Ptr failures = new Poco::JSON::Array;
        for (std::size_t i = 0; i < list->size(); ++i) {
            std::string userIdText;
            std::optional<PersonFailure> failure;
            const auto item = list->getObject(static_cast<unsigned>(i));
            if (!item) {
                failure = PersonFailure{1, "", "PeopleList entry is not an object"};
            } else {
                failure = apply(item, userIdText);
            }
            if (!failure) {
                ++succeeded;
                continue;
            }
            auto entry = object();
            entry->set("UserID", userIdText);
            entry->set("ErrorCode", failure->errorCode);
            entry->set("RepeatID", failure->repeatId);
            entry->set("ErrMsg", failure->errMsg);
            failures->add(entry);
        }
        session_.report().peopleStored += succeeded;
        session_.report().peopleFailed += static_cast<int>(failures->size());

        auto result = object();
        result->set("SN", options.sn);
        result->set("SuccessCount", succeeded);
        result->set("FailCount", static_cast<int>(failures->size()));
        result->set(options.failListKey, failures);
        session_.model().logSent("/People/DownloadPeopleListResult", WireFormat::stringify(result));
        session_.callJson("/People/DownloadPeopleListResult", result);
        session_.keepaliveIfDue();
    }
}

void PeopleSync::removePeople() {
    const auto& options = session_.options();
    TerminalModel& model = session_.model();
    for (int loop = 0; loop < options.maxLoops; ++loop) {
        auto request = object();
        request->set("SN", options.sn);
        request->set("Limit", options.deleteLimit);
        const HttpResponse response = session_.callJson(options.deletePeoplePath, request);
        if (response.success() != 1) return;
        const auto reply = response.json();
        const bool deleteAll = textOf(reply, "DeleteAll") == "1";
        std::vector<std::uint32_t> ids;
        if (const auto list = reply->getArray("DeleteList")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                std::string text;
                try {
                    text = list->get(static_cast<unsigned>(i)).convert<std::string>();
                } catch (const Poco::Exception&) {
                }
                if (const auto id = parseUserId(text)) ids.push_back(*id);
            }
        }
        // Stop: Success 1 with an empty or missing list (and not DeleteAll).
        if (!deleteAll && ids.empty()) return;

        Poco::JSON::Array::Ptr deleted = new Poco::JSON::Array;
        int count = 0;
        if (deleteAll) {
            count = model.clearPeople();
        } else {
            model.removePeople(ids);
            count = static_cast<int>(ids.size());
            for (const auto id : ids) deleted->add(static_cast<Poco::UInt64>(id));
        }
        session_.report().peopleDeleted += count;

        auto result = object();
        result->set("SN", options.sn);
        result->set("DeleteCount", count);
        result->set("DeleteAll", deleteAll ? 1 : 0);
        result->set(options.deleteListKey, deleted);
        session_.model().logSent("/People/DeletePeopleListResult", WireFormat::stringify(result));
        session_.callJson("/People/DeletePeopleListResult", result);
        session_.keepaliveIfDue();
    }
}

}  // namespace passway::sim::httpv2
