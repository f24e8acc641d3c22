#pragma once

#include "journal/JournalConsumer.h"
#include "passway/PluginApi.h"

#include <string>

namespace passway {

// A plugin's durable subscription as a journal consumer: the events of its
// pattern go to the plugin's handler; the handler returning is success, an
// exception (of any kind: it must not cross back into the host) a failure.
class PluginJournalFeed final : public JournalConsumer {
public:
    PluginJournalFeed(std::string name, std::string pattern, PluginContext::EventHandler handler)
        : name_(std::move(name)), pattern_(std::move(pattern)), handler_(std::move(handler)) {}

    const std::string& name() const { return name_; }
    bool wants(const std::string& topic) const override;
    Outcome handle(const Event& event, std::string& error) override;
    std::chrono::milliseconds retryAfter() const override { return retryAfter_; }

private:
    const std::string name_;
    const std::string pattern_;
    const PluginContext::EventHandler handler_;
    std::chrono::milliseconds retryAfter_{0};  // of the last DeliveryDeferred (only the subscriber's thread touches it)
};

} // namespace passway
