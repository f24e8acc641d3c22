#include "store/RecordIdentity.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace passway {

std::string RecordIdentity::of(const Record& record) {
    std::string identity = record.identity;
    if (identity.empty()) {
        // What a terminal repeats when it sends a record again; a new record
        // that reuses the number differs in at least its time.
        identity = "t=" + std::to_string(record.deviceTime) +
                   "|u=" + (record.userId ? std::to_string(*record.userId) : std::string()) + "|c=" + record.card +
                   "|v=" + record.verifyType + "|d=" + record.direction + "|r=" + record.result + "|" + record.reason;
    }
    if (identity.size() <= kMaxInline) return identity;
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(identity);
    return "sha256:" + Poco::DigestEngine::digestToHex(sha.digest());
}

} // namespace passway
