#pragma once

#include "passway/RecordIngest.h"

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>

namespace Poco {
class Logger;
}

namespace passway {
class CallbackGuard;
}

namespace passway::plugin {

// The host's record intake as plugins see it: the same group commit, with
// the store's errors turned into HostError (Unavailable), the SDK's only
// error type. The callbacks of ingestAsync are plugin code held by the
// host's writer: drain() waits until every one has run and been released,
// so the plugin's library can be unloaded after it.
class PluginRecords final : public RecordIngest {
public:
    PluginRecords(RecordIngest& ingest, Poco::Logger& logger);
    ~PluginRecords() override;  // drain()
    using RecordIngest::ingest;
    std::vector<IngestOutcome> ingest(std::vector<IngestItem> items) override;
    void ingestAsync(std::vector<IngestItem> items, IngestDone done) override;

    // Waits for the callbacks still owed (the writer answers within a batch).
    void drain();
    std::size_t pending() const;

private:
    RecordIngest& ingest_;
    std::shared_ptr<CallbackGuard> guard_;
    mutable std::mutex mutex_;
    std::condition_variable settled_;
    std::size_t pending_ = 0;
};

} // namespace passway::plugin
