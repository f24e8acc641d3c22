#pragma once

#include <string>
#include <string_view>

namespace passway::httpv2 {

// The document's "errorCode 人员失败错误码" table (DownloadPeopleListResult
// FailList), 1-32: what a terminal could not store of a person, in English.
// Unknown codes read "terminal error code N".
std::string personErrorMeaning(int code);

// The message stored in the sync ledger for one FailList entry: the code's
// meaning, the user it repeats (RepeatID) and the terminal's own ErrMsg.
std::string personFailureMessage(int code, std::string_view repeatId, std::string_view errMsg);

// RegisterIdentifyTicketResult Result, 1-6 (1: registered).
std::string registerResultMeaning(int result);

} // namespace passway::httpv2
