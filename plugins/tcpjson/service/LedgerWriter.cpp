#include "service/LedgerWriter.h"

#include <chrono>

namespace passway::tcpjson {

namespace {

constexpr auto kGather = std::chrono::milliseconds(2);
constexpr std::size_t kMaxBatch = 2000;

} // namespace

LedgerWriter::LedgerWriter(SyncService& sync, WorkQueue& workers, Poco::Logger& log)
    : sync_(sync), workers_(workers), log_(log), thread_([this] { run(); }) {}

LedgerWriter::~LedgerWriter() { stop(); }

void LedgerWriter::confirm(const SyncDone& confirmation, Done done) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(Pending{confirmation, std::move(done)});
    }
    wake_.notify_one();
}

void LedgerWriter::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void LedgerWriter::run() {
    for (;;) {
        std::vector<Pending> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, nothing left
            if (!stopping_ && queue_.size() < kMaxBatch) {
                // More answers are usually on their way: let them share the transaction.
                wake_.wait_for(lock, kGather, [this] { return stopping_ || queue_.size() >= kMaxBatch; });
            }
            const std::size_t take = std::min(queue_.size(), kMaxBatch);
            batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + take));
            queue_.erase(queue_.begin(), queue_.begin() + take);
        }
        std::vector<SyncDone> confirmations;
        confirmations.reserve(batch.size());
        for (const auto& p : batch) confirmations.push_back(p.confirmation);
        bool stored = true;
        try {
            sync_.confirmAll(confirmations);
        } catch (const std::exception& e) {
            stored = false;
            log_.error("cannot store " + std::to_string(batch.size()) + " sync confirmations: " + e.what());
        }
        for (auto& p : batch) {
            workers_.post([done = std::move(p.done), stored] { done(stored); });
        }
    }
}

} // namespace passway::tcpjson
