// store_crash_writer <database> [first-index] [max-seconds]
//
// Inserts records through the Store as fast as it can, one at a time and now
// and then a batch, and prints "ack <deviceRecordId>" for each record only
// after the insert returned: each line is a promise that the record is on
// disk, as the acknowledgement to a terminal is. store_crash_test kills this
// process with SIGKILL and holds the store to those promises.

#include "store/sqlite/SqliteStore.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

using namespace passway;

namespace {

constexpr int kBatchEvery = 25;  // every 25th step is a batch ...
constexpr int kBatchSize = 10;   // ... of this many records

Record makeRecord(std::int64_t deviceId, long index) {
    Record record;
    record.deviceId = deviceId;
    record.deviceRecordId = "w-" + std::to_string(index);
    record.deviceTime = 1'700'000'000'000 + index;
    record.userId = static_cast<std::uint32_t>(index % 1000 + 1);
    record.verifyType = "face";
    record.raw = R"({"seq":)" + std::to_string(index) + "}";
    return record;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: store_crash_writer <database> [first-index] [max-seconds]\n");
        return 2;
    }
    try {
        long index = argc > 2 ? std::stol(argv[2]) : 0;
        // A safety net: a writer whose test died must not run for ever.
        const int maxSeconds = argc > 3 ? std::stoi(argv[3]) : 120;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(maxSeconds);

        auto store = openSqliteStore(SqliteOptions{argv[1]});  // synchronous=FULL
        std::int64_t deviceId = 0;
        if (auto existing = store->devices().findBySerial("crash", "WRITER")) {
            deviceId = existing->id;
        } else {
            Device device;
            device.protocol = "crash";
            device.serial = "WRITER";
            deviceId = store->devices().create(device).id;
        }
        std::printf("ready %lld\n", static_cast<long long>(deviceId));
        std::fflush(stdout);

        for (int step = 0; std::chrono::steady_clock::now() < deadline; ++step) {
            if (step % kBatchEvery == kBatchEvery - 1) {
                std::vector<Record> batch;
                for (int i = 0; i < kBatchSize; ++i) batch.push_back(makeRecord(deviceId, index++));
                store->records().insertBatch(batch);
                for (const auto& record : batch) std::printf("ack %s\n", record.deviceRecordId.c_str());
            } else {
                const Record record = makeRecord(deviceId, index++);
                store->records().insert(record);
                std::printf("ack %s\n", record.deviceRecordId.c_str());
            }
            std::fflush(stdout);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "store_crash_writer: %s\n", e.what());
        return 1;
    }
}
