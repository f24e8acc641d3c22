#include "plugin/services/PluginSms.h"

#include "outbox/OutboxDispatcher.h"
#include "plugin/services/HostCall.h"
#include "store/Store.h"

#include <Poco/UUIDGenerator.h>

namespace passway::plugin {

std::int64_t PluginSms::send(const std::string& to, const std::string& text, const std::string& key) {
    if (gateway_.url.empty()) throw HostError(HostError::Kind::Invalid, "no SMS gateway configured (sms.url)");
    if (!validSmsNumber(to)) throw HostError(HostError::Kind::Invalid, "sms: not a phone number");
    if (text.empty() || text.size() > 1000) throw HostError(HostError::Kind::Invalid, "sms: text must be 1 to 1000 bytes");
    if (key.size() > 200 || key.find_first_of("\r\n") != std::string::npos) {
        throw HostError(HostError::Kind::Invalid, "sms: key must be one line of at most 200 bytes");
    }
    OutboxItem item = smsRequest(gateway_, to, text);
    item.origin = origin_;
    item.idempotencyKey =
        key.empty() ? origin_ + "-" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString() : key;
    const OutboxItem stored = hostCall([&] { return store_.outbox().enqueue(item); });
    if (dispatcher_) dispatcher_->notify();
    return stored.id;
}

} // namespace passway::plugin
