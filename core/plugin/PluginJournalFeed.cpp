#include "plugin/PluginJournalFeed.h"

#include "bus/EventBus.h"

#include <exception>

namespace passway {

bool PluginJournalFeed::wants(const std::string& topic) const { return EventBus::matches(pattern_, topic); }

JournalConsumer::Outcome PluginJournalFeed::handle(const Event& event, std::string& error) {
    try {
        handler_(event);
        return Outcome::Done;
    } catch (const DeliveryDeferred& e) {
        error = e.what();
        retryAfter_ = e.retryAfter();
        return Outcome::Later;
    } catch (const std::exception& e) {
        error = e.what();
    } catch (...) {
        error = "unknown exception";
    }
    return Outcome::Failed;
}

} // namespace passway
