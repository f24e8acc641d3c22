// script_bench: what a Lua script costs per event.
//
//  1. handler only: Script::handleEvent called in a loop on this thread (one
//     core): JSON payload → Lua table, the call under the deadline hook.
//  2. through the bus: events published on the EventBus, handled on the
//     script's subscription thread (publisher and handler on two threads).
//  3. added latency: one event at a time, publish → handler done.
//  Each for a no-op handler and for scripts/payroll.lua (every event becomes
//  a durable outbox row in SQLite, synchronous=NORMAL; nothing is sent).
//
//   script_bench [--events N] [--latency-samples N]

#include "bus/EventBus.h"
#include "outbox/OutboxDispatcher.h"
#include "script/Script.h"
#include "store/sqlite/SqliteStore.h"

#include <Poco/Util/MapConfiguration.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace passway;
using Clock = std::chrono::steady_clock;

namespace {

std::string payload(long i) {
    return "{\"id\":" + std::to_string(i + 1) +
           ",\"deviceId\":1,\"deviceRecordId\":\"r-" + std::to_string(i) +
           "\",\"userId\":7,\"deviceTime\":1718589600000,\"receivedTime\":1718589600100,\"verifyType\":\"face\","
           "\"direction\":\"in\",\"result\":\"pass\",\"reason\":\"\",\"temperature\":36.5,\"photoBlob\":\"\"}";
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Bench {
    std::string name;
    std::string source;
};

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void run(const Bench& bench, Store& store, Poco::Util::AbstractConfiguration& config, long events, int samples) {
    EventBus bus(static_cast<std::size_t>(events) + 16);
    ScriptOptions options;
    options.dir = std::filesystem::temp_directory_path().string();
    ScriptServices services{store, bus, nullptr, &config};

    // 1. handler only, this thread.
    {
        Script script(bench.name, bench.source, services, options, nullptr);
        if (!script.load()) {
            std::printf("%s: does not load: %s\n", bench.name.c_str(), script.status().lastError.c_str());
            return;
        }
        Event event;
        event.topic = "record.created";
        const long n = events;
        const auto started = Clock::now();
        for (long i = 0; i < n; ++i) {
            event.payload = payload(i);
            script.handleEvent(0, event);
        }
        const double s = seconds(Clock::now() - started);
        std::printf("%-8s handler only (1 thread): %9.0f events/s, %6.2f us/event, %llu errors\n", bench.name.c_str(),
                    n / s, s * 1e6 / n, static_cast<unsigned long long>(script.status().errors));
    }
    // 2. through the bus.
    {
        Script script(bench.name, bench.source, services, options, nullptr);
        script.load();
        script.start();
        const auto started = Clock::now();
        for (long i = 0; i < events; ++i) bus.publish("record.created", payload(events + i));
        while (script.status().calls < static_cast<std::uint64_t>(events)) std::this_thread::sleep_for(std::chrono::microseconds(200));
        const double s = seconds(Clock::now() - started);
        std::printf("%-8s through the bus:         %9.0f events/s, dropped %llu\n", bench.name.c_str(), events / s,
                    static_cast<unsigned long long>(bus.dropped()));
        // 3. latency, one at a time.
        std::vector<double> micros;
        for (int i = 0; i < samples; ++i) {
            const auto before = script.status().calls;
            const auto t0 = Clock::now();
            bus.publish("record.created", payload(3 * events + i));
            while (script.status().calls == before) std::this_thread::yield();
            micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        }
        std::sort(micros.begin(), micros.end());
        std::printf("%-8s added latency:           p50 %7.1f us, p99 %7.1f us, max %7.1f us\n", bench.name.c_str(),
                    micros[micros.size() / 2], micros[micros.size() * 99 / 100], micros.back());
        script.stop();
    }
}

} // namespace

int main(int argc, char** argv) {
    long events = 200000;
    int samples = 2000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--events")) events = std::atol(argv[i + 1]);
        if (!std::strcmp(argv[i], "--latency-samples")) samples = std::atoi(argv[i + 1]);
    }
    const auto dir = std::filesystem::temp_directory_path() / ("script-bench-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    {
        auto store = openSqliteStore(SqliteOptions{(dir / "bench.db").string(), "NORMAL"});
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        config->setString("script.payroll.url", "http://127.0.0.1:9/payroll");  // queued only: no dispatcher runs
        std::printf("script_bench: %ld events per run, %d latency samples\n", events, samples);
        run({"noop", "passway.on('record.created', function(record) end)"}, *store, *config, events, samples);
        const long payrollEvents = std::max(1L, events / 10);
        run({"payroll", readFile(std::string(PASSWAY_SOURCE_DIR) + "/scripts/payroll.lua")}, *store, *config,
            payrollEvents, std::min(samples, 500));
    }
    std::filesystem::remove_all(dir);
    return 0;
}
