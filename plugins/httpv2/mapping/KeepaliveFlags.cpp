#include "mapping/KeepaliveFlags.h"

namespace passway::httpv2 {

std::vector<KeepaliveFlag> flagsInPriority(const PendingWork& work) {
    std::vector<KeepaliveFlag> flags;
    if (work.uploadWorkParameter) flags.push_back(KeepaliveFlag::UploadWorkParameter);
    if (work.remote) flags.push_back(KeepaliveFlag::Remote);
    if (work.syncParameter) flags.push_back(KeepaliveFlag::SyncParameter);
    if (work.deletePeople) flags.push_back(KeepaliveFlag::DeletePeople);
    if (work.addPeople) flags.push_back(KeepaliveFlag::AddPeople);
    return flags;
}

const char* flagName(KeepaliveFlag flag) {
    switch (flag) {
    case KeepaliveFlag::UploadWorkParameter: return "UploadWorkParameter";
    case KeepaliveFlag::Remote: return "Remote";
    case KeepaliveFlag::SyncParameter: return "SyncParameter";
    case KeepaliveFlag::DeletePeople: return "DeletePeople";
    case KeepaliveFlag::AddPeople: return "AddPeople";
    }
    return "";
}

void writeFlags(Reply& reply, const PendingWork& work, FlagsMode mode) {
    for (const KeepaliveFlag flag : flagsInPriority(work)) {
        reply.set(flagName(flag), 1);
        if (mode == FlagsMode::Highest) return;
    }
}

} // namespace passway::httpv2
