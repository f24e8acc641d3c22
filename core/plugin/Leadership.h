#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace passway {

// Whether this host runs what must run once among the hosts that share a
// store: durable journal feeds whose cursor every host shares (a plugin's
// uplink; the scripts' handlers), which would otherwise handle an event on
// each host. One host alone always leads; in a cluster the leadership
// callbacks of ClusterHost set it. Whoever runs such a feed watches it.
class Leadership {
public:
    using Watcher = std::function<void(bool leading)>;

    explicit Leadership(bool leading) : leading_(leading) {}
    Leadership(const Leadership&) = delete;
    Leadership& operator=(const Leadership&) = delete;

    bool leading() const;
    // Calls `watcher` now with the current state, then at each change, on
    // the changing thread, one call at a time: a feed started here cannot
    // miss a change that happens while it starts.
    std::uint64_t watch(Watcher watcher);
    // Waits for a call in progress to return; never call it from a watcher.
    void unwatch(std::uint64_t id);
    void set(bool leading);

private:
    mutable std::mutex mutex_;  // held while watchers run
    bool leading_;
    std::map<std::uint64_t, Watcher> watchers_;
    std::uint64_t next_ = 1;
};

} // namespace passway
