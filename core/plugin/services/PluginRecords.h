#pragma once

#include "passway/RecordIngest.h"

namespace passway::plugin {

// The host's record intake as plugins see it: the same group commit, with
// the store's errors turned into HostError (Unavailable), the SDK's only
// error type.
class PluginRecords final : public RecordIngest {
public:
    explicit PluginRecords(RecordIngest& ingest) : ingest_(ingest) {}
    using RecordIngest::ingest;
    std::vector<IngestOutcome> ingest(std::vector<IngestItem> items) override;

private:
    RecordIngest& ingest_;
};

} // namespace passway::plugin
