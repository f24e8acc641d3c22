#include "model/SyncEntry.h"

namespace passway {

const char* toString(SyncFailure failure) {
    switch (failure) {
    case SyncFailure::None: return "";
    case SyncFailure::Transient: return "transient";
    case SyncFailure::Permanent: return "permanent";
    }
    return "";
}

SyncFailure syncFailureFromString(const std::string& name) {
    if (name == "transient") return SyncFailure::Transient;
    if (name == "permanent") return SyncFailure::Permanent;
    return SyncFailure::None;
}

} // namespace passway
