#pragma once

#include "wire/Reply.h"

#include <exception>
#include <string>

namespace Poco {
class Logger;
}

namespace passway::httpv2 {

// The answer to a request that failed, in the document's shape, and the log
// line the failure deserves: ProtocolError as it says (a pending or disabled
// terminal at debug level only: it is refused at every keepalive); HostError
// as Success 0 "retry later" (the document: the terminal retries, and keeps
// its records until acknowledged); anything else as 500. `who` names the
// terminal and endpoint for the log.
Reply failureReply(std::exception_ptr error, Poco::Logger& log, const std::string& who);

} // namespace passway::httpv2
