#include "plugin/services/PluginRecords.h"

#include "plugin/CallbackGuard.h"
#include "plugin/services/HostCall.h"

#include <Poco/Logger.h>

namespace passway::plugin {

PluginRecords::PluginRecords(RecordIngest& ingest, Poco::Logger& logger)
    : ingest_(ingest), guard_(std::make_shared<CallbackGuard>(logger, "record ingest callback")) {}

PluginRecords::~PluginRecords() { drain(); }

std::vector<IngestOutcome> PluginRecords::ingest(std::vector<IngestItem> items) {
    return hostCall([&] { return ingest_.ingest(std::move(items)); });
}

void PluginRecords::ingestAsync(std::vector<IngestItem> items, IngestDone done) {
    // The plugin's callback lives in this holder, destroyed before the count
    // drops: once drain() returns no plugin code is held.
    auto callback = std::make_shared<IngestDone>(std::move(done));
    {
        std::lock_guard lock(mutex_);
        ++pending_;
    }
    ingest_.ingestAsync(std::move(items), [this, callback](IngestResult result) {
        result.error = hostErrorOf(result.error);
        guard_->run([&] { (*callback)(std::move(result)); });
        *callback = nullptr;
        std::lock_guard lock(mutex_);
        if (--pending_ == 0) settled_.notify_all();
    });
}

void PluginRecords::drain() {
    std::unique_lock lock(mutex_);
    settled_.wait(lock, [this] { return pending_ == 0; });
}

std::size_t PluginRecords::pending() const {
    std::lock_guard lock(mutex_);
    return pending_;
}

} // namespace passway::plugin
