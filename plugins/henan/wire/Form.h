#pragma once

#include "wire/Signature.h"

#include <string>

namespace passway::henan {

// application/x-www-form-urlencoded: "a=1&b=%E4%B8%AD" ('+' is a space).
// The query string of the target and the body both count, query first.
// Throws std::invalid_argument on a broken %-escape.
FormParams parseForm(const std::string& text);
std::string encodeForm(const FormParams& params);

}  // namespace passway::henan
