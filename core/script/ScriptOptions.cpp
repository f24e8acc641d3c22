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
    o.sms = SmsGateway::read(config);
    return o;
}

SmsGateway SmsGateway::read(const Poco::Util::AbstractConfiguration& config) {
    SmsGateway g;
    // An empty value (a key cleared on the admin page) means the default.
    const auto text = [&config](const char* key, const std::string& fallback) {
        const std::string value = config.getString(key, "");
        return value.empty() ? fallback : value;
    };
    g.url = config.getString("sms.url", "");
    g.method = text("sms.method", g.method);
    g.body = text("sms.body", g.body);
    g.contentType = text("sms.content_type", g.contentType);
    g.headers = text("sms.headers", g.headers);
    return g;
}

} // namespace passway
