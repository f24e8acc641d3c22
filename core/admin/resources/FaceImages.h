#pragma once

#include "admin/http/RequestContext.h"

#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <map>
#include <string>

namespace passway::admin {

// The images of a face request, by name ("image", "a", "b"), from a JSON
// body (base64, a data: URL prefix allowed), multipart parts, or, when only
// "image" is wanted, a raw image/jpeg or image/png body. `json` receives the
// parsed JSON body (null for the other forms) for further fields.
std::map<std::string, std::string> readFaceImages(RequestContext& ctx, std::initializer_list<const char*> names,
                                                  std::initializer_list<const char*> otherJsonKeys,
                                                  Poco::JSON::Object::Ptr& json);

} // namespace passway::admin
