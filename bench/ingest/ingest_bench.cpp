// ingest_bench: how fast records go through RecordIngest on this disk, and
// how long a caller (a plugin answering a terminal) waits in ingest().
//
//   ingest_bench [--seconds=N] [--threads=1,16,200] [--photo-bytes=N]
//                [--window-ms=N] [--max-batch=N] [--dir=PATH]
//                [--store-url=postgresql://user:pass@host/db]
//
// For each photo setting (none, then --photo-bytes) and each number of
// concurrent callers, a fresh store and blob store are made in a temporary
// folder under --dir (default: the system temp folder; point it at the disk
// passwayd will use, since sync speed is what this measures), and the callers
// ingest one record per call for --seconds. synchronous=FULL, synced blobs:
// the durability passwayd gives. Numbers are printed, not judged.
//
// With --store-url the records go to that PostgreSQL database instead (a
// device of its own per run; run it against a server with fsync and
// synchronous_commit on, as a site's is, to compare with SQLite).

#include "bus/EventBus.h"
#include "ingest/GroupCommitRecordIngest.h"
#include "store/BlobStore.h"
#include "store/postgresql/PgStore.h"
#include "store/sqlite/SqliteStore.h"
#include "util/Metrics.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace passway;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    double seconds = 3;
    std::vector<int> threads{1, 16, 200};
    long photoBytes = 40 * 1024;
    long windowMs = 2;
    long maxBatch = 500;
    std::string dir = std::filesystem::temp_directory_path().string();
    std::string storeUrl;  // empty: SQLite in --dir
};

[[noreturn]] void usage(int code) {
    std::fprintf(code ? stderr : stdout,
                 "usage: ingest_bench [--seconds=N] [--threads=1,16,200] [--photo-bytes=N] [--window-ms=N] "
                 "[--max-batch=N] [--dir=PATH] [--store-url=postgresql://...]\n");
    std::exit(code);
}

long number(const char* text) {
    char* end = nullptr;
    const long n = std::strtol(text, &end, 10);
    if (*end != '\0' || n < 0) usage(2);
    return n;
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const std::string& name) -> const char* {
            return arg.rfind(name + "=", 0) == 0 ? arg.c_str() + name.size() + 1 : nullptr;
        };
        if (arg == "--help" || arg == "-h") usage(0);
        else if (const char* v = value("--seconds")) options.seconds = std::max(0.1, std::atof(v));
        else if (const char* v = value("--photo-bytes")) options.photoBytes = number(v);
        else if (const char* v = value("--window-ms")) options.windowMs = number(v);
        else if (const char* v = value("--max-batch")) options.maxBatch = std::max(1L, number(v));
        else if (const char* v = value("--dir")) options.dir = v;
        else if (const char* v = value("--store-url")) options.storeUrl = v;
        else if (const char* v = value("--threads")) {
            options.threads.clear();
            std::istringstream list(v);
            for (std::string item; std::getline(list, item, ',');) {
                options.threads.push_back(int(std::max(1L, number(item.c_str()))));
            }
        } else usage(2);
    }
    return options;
}

// JPEG-sized noise; each record's photo differs from every other in its
// first bytes, so no two share a blob, as no two faces do.
class PhotoMaker {
public:
    explicit PhotoMaker(long bytes) : base_(static_cast<std::size_t>(bytes), '\0') {
        std::mt19937 random(7);
        for (auto& byte : base_) byte = static_cast<char>(random() & 0xff);
    }
    std::string operator()(long index) const {
        if (base_.empty()) return {};
        std::string photo = base_;
        std::memcpy(photo.data(), &index, std::min(sizeof index, photo.size()));
        return photo;
    }

private:
    std::string base_;
};

double percentile(std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const auto rank = static_cast<std::size_t>(p * double(sorted.size() - 1) + 0.5);
    return sorted[std::min(rank, sorted.size() - 1)];
}

void run(const std::filesystem::path& root, const Options& options, int threads, long photoBytes) {
    const auto folder = root / ("photo" + std::to_string(photoBytes) + "-callers" + std::to_string(threads));
    std::filesystem::create_directories(folder);
    {
        std::unique_ptr<Store> store;
        if (options.storeUrl.empty()) {
            store = openSqliteStore(SqliteOptions{(folder / "passway.db").string()});  // synchronous=FULL
        } else {
            PgOptions pg;
            pg.url = options.storeUrl;
            store = openPostgresqlStore(pg);
        }
        BlobStore blobs((folder / "blobs").string());                                     // synced
        EventBus bus;
        Metrics metrics;
        GroupCommitOptions ingestOptions;
        ingestOptions.window = std::chrono::milliseconds(options.windowMs);
        ingestOptions.maxBatch = static_cast<std::size_t>(options.maxBatch);
        GroupCommitRecordIngest ingest(*store, blobs, bus, metrics, ingestOptions);
        Device device;
        device.protocol = "bench";
        // Unique per run: a PostgreSQL database is shared by all runs.
        device.serial = folder.filename().string() + "-" + std::to_string(std::random_device{}());
        const std::int64_t deviceId = store->devices().create(device).id;
        const PhotoMaker photos(photoBytes);

        std::atomic<long> next{0};
        std::atomic<bool> failed{false};
        std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
        const auto start = Clock::now();
        const auto deadline =
            start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
        std::vector<std::thread> callers;
        for (int t = 0; t < threads; ++t) {
            callers.emplace_back([&, t] {
                while (Clock::now() < deadline && !failed) {
                    const long index = next++;
                    IngestItem item;
                    item.record.deviceId = deviceId;
                    item.record.deviceRecordId = std::to_string(index);
                    item.record.userId = static_cast<std::uint32_t>(index % 1000 + 1);
                    item.record.deviceTime = 1'700'000'000'000 + index;
                    item.record.verifyType = "face";
                    item.record.direction = "in";
                    item.record.temperature = 36.4;
                    item.record.raw = R"({"RecordID":)" + std::to_string(index) + R"(,"Type":"face"})";
                    item.photo = photos(index);
                    const auto began = Clock::now();
                    try {
                        ingest.ingest(std::move(item));
                    } catch (const std::exception& e) {
                        std::fprintf(stderr, "ingest failed: %s\n", e.what());
                        failed = true;
                    }
                    const std::chrono::duration<double, std::milli> waited = Clock::now() - began;
                    latencies[std::size_t(t)].push_back(waited.count());
                }
            });
        }
        for (auto& caller : callers) caller.join();
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

        std::vector<double> all;
        for (const auto& list : latencies) all.insert(all.end(), list.begin(), list.end());
        std::sort(all.begin(), all.end());
        const double records = double(all.size());
        const double batches = double(metrics.counter("passway_ingest_batches_total", "").load());
        std::printf("photo %6ld B  callers %4d  %9.0f records/s  batches %6.0f (avg %5.1f records)  "
                    "ingest() p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n",
                    photoBytes, threads, records / elapsed, batches, batches > 0 ? records / batches : 0.0,
                    percentile(all, 0.50), percentile(all, 0.99), all.empty() ? 0.0 : all.back());
        std::fflush(stdout);
        ingest.shutdown();
        bus.shutdown();
    }
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    std::printf("ingest_bench: %.1f s per run, window %ld ms, max batch %ld, store %s, blobs in %s\n",
                options.seconds, options.windowMs, options.maxBatch,
                options.storeUrl.empty() ? "sqlite" : "postgresql", options.dir.c_str());
    // Removed only at the end: ext4 allocates inodes slowly next to ones
    // deleted seconds ago, which would slow every run after the first and
    // measure something a site, whose photos stay, never sees.
    const auto root =
        std::filesystem::path(options.dir) / ("passway-ingest-bench-" + std::to_string(std::random_device{}()));
    int status = 0;
    try {
        for (const long photoBytes : {0L, options.photoBytes}) {
            for (const int threads : options.threads) run(root, options, threads, photoBytes);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ingest_bench: %s\n", e.what());
        status = 1;
    }
    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
    return status;
}
