#pragma once

#include "service/WorkQueue.h"
#include "passway/services/SyncService.h"

#include <Poco/Logger.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace passway::tcpjson {

// Confirmations of pushed persons, group-committed: what arrives within a
// few milliseconds (a push to every terminal of a site answers at once) is
// written in one transaction, then each confirmer's continuation runs on the
// workers. A terminal's pump goes on only after its confirmation is stored,
// so the ledger never hands out an entry that was already answered.
class LedgerWriter {
public:
    using Done = std::function<void(bool stored)>;

    LedgerWriter(SyncService& sync, WorkQueue& workers, Poco::Logger& log);
    ~LedgerWriter();

    void confirm(const SyncDone& confirmation, Done done);
    // Writes what is queued and joins the writer thread.
    void stop();

private:
    struct Pending {
        SyncDone confirmation;
        Done done;
    };
    void run();

    SyncService& sync_;
    WorkQueue& workers_;
    Poco::Logger& log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Pending> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace passway::tcpjson
