// journal_bench: what the event journal costs the record ingest, and whether
// a forwarding script keeps up with a burst.
//
//   journal_bench [--records=N] [--callers=N] [--rounds=N] [--dir=PATH]
//
// 1. Ingest rate without and with the journal: `callers` threads ingest one
//    record per call through GroupCommitRecordIngest (synchronous=FULL)
//    until `records` are stored; with the journal every new record's
//    record.created is appended in the batch's transaction. Rounds
//    alternate so that the machine's drift hits both alike; medians printed.
// 2. Delivery during a burst: the same burst with the shipped payroll.lua
//    running (its deliveries to a closed port stay pending): ingest rate,
//    events the script handled by the end of the burst, and the time until
//    its cursor reached the last record (delivery rate = records / that).
// Numbers are printed, not judged.

#include "bus/EventBus.h"
#include "ingest/GroupCommitRecordIngest.h"
#include "journal/EventJournal.h"
#include "outbox/OutboxDispatcher.h"
#include "script/ScriptHost.h"
#include "store/BlobStore.h"
#include "store/sqlite/SqliteStore.h"
#include "util/Metrics.h"

#include <Poco/Util/MapConfiguration.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace passway;
using Steady = std::chrono::steady_clock;

namespace {

struct Options {
    long records = 60000;
    long callers = 200;
    long rounds = 3;
    std::string dir = std::filesystem::temp_directory_path().string();
};

long number(const char* text) {
    char* end = nullptr;
    const long n = std::strtol(text, &end, 10);
    if (*end != '\0' || n <= 0) {
        std::fprintf(stderr, "usage: journal_bench [--records=N] [--callers=N] [--rounds=N] [--dir=PATH]\n");
        std::exit(2);
    }
    return n;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strncmp(a, "--records=", 10) == 0) o.records = number(a + 10);
        else if (std::strncmp(a, "--callers=", 10) == 0) o.callers = number(a + 10);
        else if (std::strncmp(a, "--rounds=", 9) == 0) o.rounds = number(a + 9);
        else if (std::strncmp(a, "--dir=", 6) == 0) o.dir = a + 6;
        else number("x");
    }
    return o;
}

// A store, blobs, bus, optionally the journal, and the ingest, in a folder of its own.
struct Host {
    Host(const Options& options, bool journaled, const std::string& name)
        : dir(options.dir + "/journal_bench_" + name + "_" + std::to_string(::getpid())) {
        std::filesystem::remove_all(dir);
        store = openSqliteStore(SqliteOptions{dir + "/passway.db", "FULL"});
        blobs = std::make_unique<BlobStore>(dir + "/blobs");
        bus = std::make_unique<EventBus>(100000);
        if (journaled) {
            journal = std::make_unique<EventJournal>(*store);
            bus->setLog(journal.get());
        }
        ingest = std::make_unique<GroupCommitRecordIngest>(*store, *blobs, *bus, metrics);
    }
    ~Host() {
        ingest.reset();
        bus->shutdown();
        std::filesystem::remove_all(dir);
    }

    std::string dir;
    Metrics metrics;
    std::unique_ptr<Store> store;
    std::unique_ptr<BlobStore> blobs;
    std::unique_ptr<EventBus> bus;
    std::unique_ptr<EventJournal> journal;
    std::unique_ptr<GroupCommitRecordIngest> ingest;
};

// Ingests `records` records from `callers` threads; returns seconds taken.
double burst(RecordIngest& ingest, long records, long callers, std::int64_t deviceId) {
    std::atomic<long> next{0};
    const auto start = Steady::now();
    std::vector<std::thread> threads;
    for (long t = 0; t < callers; ++t) {
        threads.emplace_back([&] {
            for (long n = next++; n < records; n = next++) {
                IngestItem item;
                item.record.deviceId = deviceId;
                item.record.deviceRecordId = std::to_string(n + 1);
                item.record.userId = static_cast<std::uint32_t>(1 + n % 1000);
                item.record.deviceTime = 1700000000000 + n;
                item.record.verifyType = "face";
                item.record.direction = "in";
                item.record.result = "pass";
                ingest.ingest(std::move(item));
            }
        });
    }
    for (auto& thread : threads) thread.join();
    return std::chrono::duration<double>(Steady::now() - start).count();
}

std::int64_t addDevice(Store& store) {
    Device device;
    device.protocol = "bench";
    device.serial = "BENCH-1";
    return store.devices().create(device).id;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

void ingestCost(const Options& options) {
    std::vector<double> without, with;
    for (long round = 0; round < options.rounds; ++round) {
        for (const bool journaled : {false, true}) {
            Host host(options, journaled, journaled ? "with" : "without");
            const double seconds = burst(*host.ingest, options.records, options.callers, addDevice(*host.store));
            const double rate = double(options.records) / seconds;
            (journaled ? with : without).push_back(rate);
            std::printf("  round %ld %-16s %8.0f records/s\n", round + 1, journaled ? "with journal:" : "without journal:", rate);
        }
    }
    const double a = median(without), b = median(with);
    std::printf("ingest, %ld callers, %ld records, synchronous=FULL (median of %ld):\n"
                "  without journal %8.0f records/s\n  with journal    %8.0f records/s  (%.1f %% of the rate %s)\n",
                options.callers, options.records, options.rounds, a, b, 100.0 * std::abs(a - b) / a,
                b < a ? "lost" : "gained");
}

void forwardingScript(const Options& options) {
    Host host(options, true, "script");
    const std::string scripts = host.dir + "/scripts";
    std::filesystem::create_directories(scripts);
    std::filesystem::copy_file(std::string(PASSWAY_SOURCE_DIR) + "/scripts/payroll.lua", scripts + "/payroll.lua");
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    config->setString("script.payroll.url", "http://127.0.0.1:9/payroll");  // nobody there: deliveries stay pending
    OutboxOptions outboxOptions;
    outboxOptions.pollInterval = std::chrono::hours(1);
    OutboxDispatcher outbox(*host.store, outboxOptions);
    ScriptOptions scriptOptions;
    scriptOptions.dir = scripts;
    ScriptHost scriptHost(ScriptServices{*host.store, *host.bus, &outbox, config.get(), nullptr, nullptr, host.journal.get()},
                          scriptOptions);
    scriptHost.start();

    const auto cursor = [&] {
        const auto status = scriptHost.status("payroll");
        return status && status->journal ? status->journal->position : 0;
    };
    const std::int64_t startAt = host.journal->lastSeq();
    const auto start = Steady::now();
    const double ingestSeconds = burst(*host.ingest, options.records, options.callers, addDevice(*host.store));
    const std::int64_t duringBurst = cursor() - startAt;
    const std::int64_t last = host.journal->lastSeq();
    while (cursor() < last) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const double drained = std::chrono::duration<double>(Steady::now() - start).count();
    const double ingestRate = double(options.records) / ingestSeconds;
    const double deliveryRate = double(options.records) / drained;
    std::printf("forwarding script (payroll.lua, outbox.send per record) during a burst of %ld records, %ld callers:\n"
                "  ingest          %8.0f records/s (%.2f s)\n"
                "  handled by the end of the burst: %lld of %ld\n"
                "  all handled after %.2f s: delivery %8.0f events/s = %.0f %% of the ingest rate\n"
                "  outbox items: %lld pending\n",
                options.records, options.callers, ingestRate, ingestSeconds, static_cast<long long>(duringBurst),
                options.records, drained, deliveryRate, 100.0 * deliveryRate / ingestRate,
                static_cast<long long>(host.store->outbox().countInState(OutboxState::Pending)));
    scriptHost.stop();
    outbox.stop();
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    ingestCost(options);
    forwardingScript(options);
    return 0;
}
