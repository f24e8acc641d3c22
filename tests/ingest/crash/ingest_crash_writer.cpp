// ingest_crash_writer <folder> <first-index> [threads] [max-seconds]
//
// Sends records with 40 KB photos through GroupCommitRecordIngest from many
// threads at once, as a busy site's terminals do, and prints
// "ack <index> <photo sha256>" for each record only after ingest() returned:
// each line is the promise a plugin gives a terminal. ingest_crash_test
// SIGKILLs this process and holds the ingest to those promises. Each thread
// sends index, index + threads, ... starting at <first-index>.

#include "bus/EventBus.h"
#include "ingest/GroupCommitRecordIngest.h"
#include "store/BlobStore.h"
#include "store/sqlite/SqliteStore.h"
#include "util/Metrics.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <exception>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace passway;

namespace {

std::string photoFor(long index) {
    std::mt19937 random(static_cast<std::uint32_t>(index) * 2654435761u + 17u);
    std::string bytes(40 * 1024, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(random() & 0xff);
    return bytes;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: ingest_crash_writer <folder> <first-index> [threads] [max-seconds]\n");
        return 2;
    }
    try {
        const std::string folder = argv[1];
        const long first = std::stol(argv[2]);
        const int threads = argc > 3 ? std::stoi(argv[3]) : 8;
        // A safety net: a writer whose test died must not run for ever.
        const int maxSeconds = argc > 4 ? std::stoi(argv[4]) : 120;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(maxSeconds);

        auto store = openSqliteStore(SqliteOptions{folder + "/passway.db"});  // synchronous=FULL
        BlobStore blobs(folder + "/blobs");                                     // synced
        EventBus bus;
        Metrics metrics;
        GroupCommitRecordIngest ingest(*store, blobs, bus, metrics);
        std::int64_t deviceId = 0;
        if (auto existing = store->devices().findBySerial("crash", "INGEST")) {
            deviceId = existing->id;
        } else {
            Device device;
            device.protocol = "crash";
            device.serial = "INGEST";
            deviceId = store->devices().create(device).id;
        }
        std::printf("ready\n");
        std::fflush(stdout);

        std::mutex out;
        const auto send = [&](int t) {
            for (long index = first + t; std::chrono::steady_clock::now() < deadline; index += threads) {
                IngestItem item;
                item.record.deviceId = deviceId;
                item.record.deviceRecordId = "c-" + std::to_string(index);
                item.record.deviceTime = 1'700'000'000'000 + index;
                item.record.verifyType = "face";
                item.photo = photoFor(index);
                const std::string sha = BlobStore::sha256Hex(item.photo);
                ingest.ingest(std::move(item));
                std::lock_guard lock(out);
                std::printf("ack %ld %s\n", index, sha.c_str());
                std::fflush(stdout);
            }
        };
        std::vector<std::thread> senders;
        for (int t = 0; t < threads; ++t) {
            senders.emplace_back([&, t] {
                try {
                    send(t);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "ingest_crash_writer: %s\n", e.what());
                    std::_Exit(1);
                }
            });
        }
        for (auto& sender : senders) sender.join();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ingest_crash_writer: %s\n", e.what());
        return 1;
    }
}
