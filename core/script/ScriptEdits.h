#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace passway {

class EventBus;
class Store;

// Script edits made through the admin API on one host of a cluster, shared
// with the other hosts through the journal as "script.changed" {name,
// change, host}, which their tails hand to their buses. Each host keeps its
// scripts in its own scripts.dir, so the receiving host writes the file
// and loads it. The source of a saved script travels in the store (kv
// "script.source.<name>"), not in the event: events also reach the live
// stream, which viewers read, and a script's text is for admins.
class ScriptEdits {
public:
    using Apply = std::function<void(const std::string& name, const std::string& change)>;

    ScriptEdits(Store& store, EventBus& bus, std::string host);
    ~ScriptEdits();  // stop()
    ScriptEdits(const ScriptEdits&) = delete;
    ScriptEdits& operator=(const ScriptEdits&) = delete;

    // `apply` gets the other hosts' edits, on the bus's thread.
    void start(Apply apply);
    void stop();
    // Tells the other hosts; for "saved", `source` is stored with the event.
    void share(const std::string& name, const std::string& change, const std::string* source = nullptr);
    // The source the last "saved" edit stored.
    std::optional<std::string> savedSource(const std::string& name) const;

    static constexpr const char* kTopic = "script.changed";

private:
    Store& store_;
    EventBus& bus_;
    const std::string host_;
    std::uint64_t subscription_ = 0;
};

} // namespace passway
