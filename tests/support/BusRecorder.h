#pragma once

// What a bus subscriber saw, safely across the delivery thread and the test.
// The handler shares the list: a subscription lives until the bus shuts
// down, so a delivery that arrives after the test's recorder went out of
// scope still writes into live memory.

#include "bus/EventBus.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace passway::test {

struct BusRecorder {
    struct Seen {
        std::mutex mutex;
        std::vector<Event> events;
    };
    std::shared_ptr<Seen> seen = std::make_shared<Seen>();

    EventBus::Handler handler() {
        return [seen = seen](const Event& event) {
            std::lock_guard lock(seen->mutex);
            seen->events.push_back(event);
        };
    }
    std::vector<Event> snapshot() const {
        std::lock_guard lock(seen->mutex);
        return seen->events;
    }
    std::size_t size() const { return snapshot().size(); }
    std::vector<std::string> topics() const {
        std::vector<std::string> out;
        for (const auto& event : snapshot()) out.push_back(event.topic);
        return out;
    }
};

} // namespace passway::test
