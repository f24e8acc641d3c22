#include "script/ScriptOptions.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace passway {

ScriptOptions ScriptOptions::read(const Poco::Util::AbstractConfiguration& config) {
    ScriptOptions o;
    o.dir = config.getString("scripts.dir", o.dir);
    o.memoryBytes = static_cast<std::size_t>(std::max(1, config.getInt("scripts.memory_mb", 64))) * 1024 * 1024;
    o.deadline = std::chrono::milliseconds(std::max(1, config.getInt("scripts.deadline_ms", 200)));
    o.maxFailures = std::max(1, config.getInt("scripts.max_failures", 5));
    o.reloadPoll = std::chrono::milliseconds(std::max(50, config.getInt("scripts.reload_ms", 1000)));
    o.exportDir = config.getString("scripts.export_dir", o.exportDir);
    o.sms.url = config.getString("sms.url", "");
    o.sms.method = config.getString("sms.method", o.sms.method);
    o.sms.body = config.getString("sms.body", o.sms.body);
    o.sms.contentType = config.getString("sms.content_type", o.sms.contentType);
    o.sms.headers = config.getString("sms.headers", o.sms.headers);
    return o;
}

} // namespace passway
