#include "IdleFleet.h"

#include "sim/httpv2/HttpConnection.h"
#include "sim/httpv2/Terminal.h"
#include "sim/httpv2/WireFormat.h"

#include <cstdio>
#include <iostream>

namespace passway::bench {

namespace sim = passway::sim::httpv2;
using Clock = std::chrono::steady_clock;

namespace {

bool anyFlag(const Poco::JSON::Object::Ptr& reply) {
    for (const char* flag : {"AddPeople", "DeletePeople", "SyncParameter", "Remote", "UploadWorkParameter"}) {
        if (reply->has(flag) && reply->optValue<int>(flag, 0) > 0) return true;
    }
    return false;
}

}  // namespace

IdleFleet::IdleFleet(IdleOptions options) : options_(std::move(options)) {
    const sim::WireFormat wire;
    sim::HttpConnection builder("127.0.0.1", options_.port);  // only writes heads; never connects
    requests_.reserve(static_cast<std::size_t>(options_.terminals));
    for (int i = 0; i < options_.terminals; ++i) {
        const std::string json =
            R"({"SN":")" + sn(i) +
            R"(","RelayStatus":0,"KeepOpenStatus":0,"DoorSensorStatus":0,"LockDoorStatus":0,"AlarmStatus":""})";
        const sim::HttpRequest request = wire.json("/Device/Keepalive", json);
        requests_.push_back(builder.head(request) + request.body);
    }
}

IdleFleet::~IdleFleet() {
    stop();
}

std::string IdleFleet::sn(int i) const {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%06d", i);
    return options_.snPrefix + suffix;
}

void IdleFleet::fullSession(int terminal) {
    sim::TerminalOptions options;
    options.sn = sn(terminal);
    options.port = options_.port;
    options.keepaliveInterval = options_.interval;
    sim::Terminal t(options);
    const auto report = t.runSession();
    sessions_.fetch_add(1, std::memory_order_relaxed);
    if (!report.ok()) {
        std::lock_guard lock(errorMutex_);
        if (firstError_.empty()) {
            firstError_ = options.sn + ": session Success " + std::to_string(report.keepaliveSuccess) + " " +
                          report.keepaliveMessage + report.error;
        }
    }
}

int IdleFleet::registerAll(int parallel, const std::function<void()>& activate) {
    std::vector<int> refused;
    std::mutex refusedMutex;
    auto pass = [&](const std::vector<int>& which) {
        std::atomic<std::size_t> next{0};
        std::vector<std::thread> threads;
        std::vector<int> stillRefused;
        for (int p = 0; p < parallel; ++p) {
            threads.emplace_back([&] {
                for (std::size_t i = next++; i < which.size(); i = next++) {
                    sim::TerminalOptions options;
                    options.sn = sn(which[i]);
                    options.port = options_.port;
                    options.timeout = std::chrono::seconds(30);
                    sim::Terminal t(options);
                    if (t.runSession().keepaliveSuccess != 1) {
                        std::lock_guard lock(refusedMutex);
                        stillRefused.push_back(which[i]);
                    }
                }
            });
        }
        for (auto& thread : threads) thread.join();
        return stillRefused;
    };
    std::vector<int> all(static_cast<std::size_t>(options_.terminals));
    for (int i = 0; i < options_.terminals; ++i) all[static_cast<std::size_t>(i)] = i;
    refused = pass(all);
    if (!refused.empty()) {
        activate();
        refused = pass(refused);
    }
    return static_cast<int>(refused.size());
}

void IdleFleet::keepalive(int terminal, Worker& worker) {
    const auto start = Clock::now();
    try {
        sim::HttpConnection connection("127.0.0.1", options_.port, std::chrono::seconds(10));
        const sim::HttpResponse response = connection.exchangeRaw(requests_[static_cast<std::size_t>(terminal)]);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        connection.close();  // nothing to do: disconnect until the next keepalive
        {
            std::lock_guard lock(worker.mutex);
            worker.latencies.push_back(ms);
        }
        if (response.status == 200 && response.success() == 1) {
            keepalives_.fetch_add(1, std::memory_order_relaxed);
            if (anyFlag(response.json())) fullSession(terminal);
            return;
        }
        failed_.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock(errorMutex_);
        if (firstError_.empty())
            firstError_ = sn(terminal) + ": HTTP " + std::to_string(response.status) + " " + response.body;
    } catch (const std::exception& e) {
        failed_.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock(errorMutex_);
        if (firstError_.empty()) firstError_ = sn(terminal) + ": " + e.what();
    }
}

void IdleFleet::work(Worker& worker) {
    while (!stopping_.load(std::memory_order_relaxed)) {
        const std::uint64_t slot = nextSlot_.fetch_add(1);
        const auto due = start_ + step_ * static_cast<std::int64_t>(slot);
        std::this_thread::sleep_until(due);
        if (stopping_.load(std::memory_order_relaxed)) return;
        if (Clock::now() - due > step_ * 2) late_.fetch_add(1, std::memory_order_relaxed);
        keepalive(static_cast<int>(slot % static_cast<std::uint64_t>(options_.terminals)), worker);
    }
}

void IdleFleet::start() {
    step_ = std::chrono::duration_cast<std::chrono::nanoseconds>(options_.interval) / options_.terminals;
    start_ = Clock::now();
    stopping_ = false;
    for (int w = 0; w < options_.workers; ++w) {
        workers_.push_back(std::make_unique<Worker>());
        threads_.emplace_back([this, worker = workers_.back().get()] { work(*worker); });
    }
}

IdleWindow IdleFleet::measure(std::chrono::milliseconds window) {
    for (auto& w : workers_) {
        std::lock_guard lock(w->mutex);
        w->latencies.clear();
    }
    const auto k0 = keepalives_.load(), f0 = failed_.load(), s0 = sessions_.load(), l0 = late_.load();
    const auto begin = Clock::now();
    std::this_thread::sleep_for(window);
    IdleWindow result;
    result.seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    result.keepalives = keepalives_.load() - k0;
    result.failed = failed_.load() - f0;
    result.sessions = sessions_.load() - s0;
    result.late = late_.load() - l0;
    for (auto& w : workers_) {
        std::lock_guard lock(w->mutex);
        result.latency.latenciesMs.insert(result.latency.latenciesMs.end(), w->latencies.begin(), w->latencies.end());
    }
    std::lock_guard lock(errorMutex_);
    result.firstError = firstError_;
    return result;
}

void IdleFleet::stop() {
    stopping_ = true;
    for (auto& thread : threads_) thread.join();
    threads_.clear();
}

}  // namespace passway::bench
