#pragma once

#include <exception>
#include <functional>
#include <utility>
#include <vector>

namespace passway {

// Hand-offs to other threads gathered while one of these lives on the
// calling thread, and made when it ends: one per target (an I/O thread's
// event loop) instead of one per item, in the order they were handed off.
//
// The record writer answers a whole batch of uploads at once. Posted one by
// one, each answer woke its connection's I/O thread, which took the CPU
// from the writer (the thread every upload waits for) and then blocked on
// the event loop's lock that the writer held to post the next answer: about
// 300 such preemptions of the writer a second at 200 terminals.
class HandoffBatch {
public:
    using Work = std::function<void()>;
    using Post = std::function<void(Work)>;

    HandoffBatch() : outer_(current_) { current_ = this; }
    ~HandoffBatch() {
        current_ = outer_;
        flush();
    }
    HandoffBatch(const HandoffBatch&) = delete;
    HandoffBatch& operator=(const HandoffBatch&) = delete;

    // Posts `work` through `post` now or, while a batch lives on this
    // thread, at its end together with the rest of the work for `target`.
    static void handOff(const void* target, const Post& post, Work work) {
        if (current_ == nullptr) return post(std::move(work));
        current_->add(target, post, std::move(work));
    }

private:
    struct Pending {
        const void* target;
        Post post;
        std::vector<Work> work;
    };

    void add(const void* target, const Post& post, Work work) {
        for (auto& pending : pending_) {
            if (pending.target == target) {
                pending.work.push_back(std::move(work));
                return;
            }
        }
        pending_.push_back(Pending{target, post, {}});
        pending_.back().work.push_back(std::move(work));
    }

    void flush() noexcept {
        for (auto& pending : pending_) {
            try {
                pending.post([work = std::move(pending.work)] {
                    // One item failing must not keep the others from running.
                    std::exception_ptr first;
                    for (const auto& item : work) {
                        try {
                            item();
                        } catch (...) {
                            if (!first) first = std::current_exception();
                        }
                    }
                    if (first) std::rethrow_exception(first);
                });
            } catch (...) {
                // Posting failed (out of memory): as a single post would have.
            }
        }
        pending_.clear();
    }

    static inline thread_local HandoffBatch* current_ = nullptr;
    HandoffBatch* const outer_;
    std::vector<Pending> pending_;
};

} // namespace passway
