#pragma once

#include <string>
#include <string_view>

namespace passway::httpv2 {

// The document's "errorCode 人员失败错误码" table (DownloadPeopleListResult
// FailList), 1-32: what a terminal could not store of a person, in English.
// Unknown codes read "terminal error code N".
std::string personErrorMeaning(int code);

// Whether a FailList ErrorCode passes by itself, so the person is sent
// again after a back-off: 2, 4, 5, 6 (a download failed), 24 (storage
// full), 25, 26, 31, 32 (the terminal's own I/O). The others (1, 3, 20-23,
// 27-30, and codes the table does not list) say this state of the person
// cannot be stored there: not again until the person or the device changes.
bool personErrorIsTransient(int code);

// The message stored in the sync ledger for one FailList entry: the code's
// meaning, the user it repeats (RepeatID) and the terminal's own ErrMsg.
std::string personFailureMessage(int code, std::string_view repeatId, std::string_view errMsg);

// RegisterIdentifyTicketResult Result, 1-6 (1: registered).
std::string registerResultMeaning(int result);

} // namespace passway::httpv2
