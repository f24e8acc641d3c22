#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace passway::httpv2 {

// An answer in the document's shape: a JSON object that starts with
// "Success" (1: success; anything else comes with a "Message"), members in
// the order they were set, and the HTTP status it goes out with.
class Reply {
public:
    static Reply ok();  // {"Success":1}
    static Reply failure(int success, const std::string& message, int httpStatus = 200);
    // Any Success value (online authorization answers 0, 1 or 2).
    static Reply withSuccess(int success);
    // A ready object that already starts with "Success" (DownloadWorkSetting).
    static Reply fromObject(Poco::JSON::Object::Ptr body);

    Reply& set(const std::string& key, const Poco::Dynamic::Var& value);

    int httpStatus() const { return httpStatus_; }
    int success() const { return success_; }
    const Poco::JSON::Object::Ptr& body() const { return body_; }
    std::string text() const;

private:
    Reply(int success, int httpStatus);

    int success_;
    int httpStatus_;
    Poco::JSON::Object::Ptr body_;
};

} // namespace passway::httpv2
