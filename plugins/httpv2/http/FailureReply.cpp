#include "http/FailureReply.h"

#include "passway/HostError.h"
#include "wire/ProtocolError.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

namespace passway::httpv2 {

Reply failureReply(std::exception_ptr error, Poco::Logger& log, const std::string& who) {
    try {
        std::rethrow_exception(error);
    } catch (const ProtocolError& e) {
        if (e.success() == 401 || e.success() == 403) {
            if (log.debug()) log.debug(who + ": " + e.what());
        } else {
            log.warning(who + ": refused (" + std::to_string(e.success()) + "): " + e.what());
        }
        return Reply::failure(e.success(), e.what(), e.httpStatus());
    } catch (const HostError& e) {
        log.error(who + ": host error: " + e.what());
        return Reply::failure(0, "the server cannot store this now; retry later");
    } catch (const Poco::Exception& e) {
        log.error(who + ": " + e.displayText());
    } catch (const std::exception& e) {
        log.error(who + ": " + e.what());
    } catch (...) {
        log.error(who + ": unknown failure");
    }
    return Reply::failure(500, "internal error", 500);
}

} // namespace passway::httpv2
