#include "plugin/services/PluginRecords.h"

#include "plugin/services/HostCall.h"

namespace passway::plugin {

std::vector<IngestOutcome> PluginRecords::ingest(std::vector<IngestItem> items) {
    return hostCall([&] { return ingest_.ingest(std::move(items)); });
}

} // namespace passway::plugin
