#pragma once

// Runs a read on a thread of its own while another thread holds a unit of
// work open (after writing in it), as an operator's list meets the record
// writer inside a batch. Boost.Test's checks stay with the caller's thread.

#include "store/Store.h"

#include <chrono>
#include <functional>
#include <future>
#include <type_traits>

namespace passway::test {

template <typename Value>
struct ReadMeanwhile {
    bool answeredMeanwhile = false;  // before the unit of work ended
    Value value{};                   // what the read returned
    Value insideValue{};             // the same read inside the unit of work, after its write
};

template <typename Read>
ReadMeanwhile<std::invoke_result_t<Read&>> readMeanwhile(Store& store, const std::function<void()>& write, Read read) {
    ReadMeanwhile<std::invoke_result_t<Read&>> result;
    std::promise<void> inside;
    std::promise<void> release;
    auto writer = std::async(std::launch::async, [&] {
        store.atomically([&] {
            write();
            result.insideValue = read();
            inside.set_value();
            release.get_future().wait();
        });
    });
    inside.get_future().wait();
    auto reader = std::async(std::launch::async, read);
    result.answeredMeanwhile = reader.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
    release.set_value();
    writer.get();
    result.value = reader.get();
    return result;
}

} // namespace passway::test
