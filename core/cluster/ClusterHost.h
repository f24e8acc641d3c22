#pragma once

#include "bus/EventBus.h"
#include "cluster/ClusterOptions.h"
#include "cluster/UnheldDeviceSweep.h"
#include "plugin/DeviceLeases.h"
#include "store/ClusterRepository.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace passway {

class EventJournal;

// This host as one of several sharing a store (PostgreSQL). What each host
// keeps in memory (the bus and what listens on it: the sync reconciler, the
// face index, the protocol plugins' kicks) sees only this host's events, so
// this class:
//  - tails the shared journal from its own cursor, woken by the store's
//    notification (LISTEN/NOTIFY) and polling anyway, and hands the other
//    hosts' events about persons, devices and commands to this host's bus
//    (a command queued on host B reaches the terminal connected to host A);
//  - writes its heartbeat (a host row with its tail position) and a lease
//    for each device connected here, renewed with the heartbeat, so that a
//    dead host's leases expire;
//  - holds or seeks the cluster's leadership (an advisory lock on a session
//    of its own): whatever must run once in the cluster (the scripts' event
//    handlers, timers and cron; the plugins' durable subscriptions; the
//    face check of record photos) runs on the leader, and moves to another
//    host when the leader dies. Every host loads the scripts all the same;
//  - on the leader, marks offline the terminals no host holds any more
//    (UnheldDeviceSweep).
class ClusterHost final : public DeviceLeases {
public:
    ClusterHost(ClusterRepository& cluster, EventBus& bus, EventJournal& journal, ClusterOptions options);
    ~ClusterHost() override;  // stop()
    ClusterHost(const ClusterHost&) = delete;
    ClusterHost& operator=(const ClusterHost&) = delete;

    // `lead` runs when this host becomes the leader, `follow` when it stops
    // being one; both on the heartbeat thread, never at once. start() tries
    // once before it returns, so a lone host leads from the start.
    void start(std::function<void()> lead, std::function<void()> follow);
    // Ends leadership (follow() runs), the leases and the host row.
    void stop();

    const std::string& hostId() const { return options_.hostId; }
    bool leading() const { return leading_.load(); }
    std::int64_t tailPosition() const { return position_.load(); }

    // A plugin recorded contact with a device (its connection is here) or
    // its loss. The lease is written when it is new to this host, and again
    // now and then: another host may have taken it while this one still
    // thought it held the device.
    void connected(std::int64_t deviceId) override;
    void disconnected(std::int64_t deviceId) override;
    bool heldElsewhere(std::int64_t deviceId) override;

    // The topics another host's event is handed on for: changes to shared
    // state that this host's in-memory listeners act on. Not device.online
    // and the like, which describe one host's connections.
    static bool handedOn(const std::string& topic);

private:
    void tail();
    void beat();
    void heartbeatOnce();

    ClusterRepository& cluster_;
    EventBus& bus_;
    EventJournal& journal_;
    const ClusterOptions options_;
    const std::int64_t startedAt_;

    std::function<void()> lead_;
    std::function<void()> follow_;
    std::unique_ptr<LeaderLock> leaderLock_;
    std::unique_ptr<JournalWakeup> wakeup_;
    UnheldDeviceSweep unheld_;  // heartbeat thread
    std::atomic<bool> leading_{false};
    std::atomic<std::int64_t> position_{0};
    std::mutex leasesMutex_;
    std::map<std::int64_t, std::int64_t> held_;  // device → when its lease was last written (unix ms)

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread tailThread_;
    std::thread beatThread_;
};

} // namespace passway
