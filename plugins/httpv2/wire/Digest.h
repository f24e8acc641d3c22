#pragma once

#include <string>
#include <string_view>

namespace passway::httpv2 {

// MD5 as the document writes it everywhere (PhotoMD5, SoftwareMD5, FileMD5):
// 32 upper-case hex digits.
std::string md5Upper(std::string_view bytes);

std::string base64Encode(std::string_view bytes);
// nullopt-like: returns false when `text` is not base64.
bool base64Decode(std::string_view text, std::string& out);

} // namespace passway::httpv2
