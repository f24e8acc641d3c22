// store_bench: how fast records and persons go through the Store on this disk.
//
//   store_bench [--single=N] [--batched=N] [--batch-size=N] [--persons=N]
//               [--queries=N] [--dir=PATH] [--keep]
//
// Each measurement opens a fresh database in a temporary folder under --dir
// (default: the system temp folder; point it at the disk passwayd will use,
// since fsync speed is what this measures). Numbers are printed, not judged.

#include "store/sqlite/SqliteStore.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <algorithm>
#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace passway;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    long single = 1000;      // records inserted one by one, per synchronous level
    long batched = 50000;    // records inserted in batches, per synchronous level
    long batchSize = 100;
    long persons = 1000;
    long queries = 200;
    std::string dir = std::filesystem::temp_directory_path().string();
    bool keep = false;
};

[[noreturn]] void usage(int code) {
    std::fprintf(code ? stderr : stdout,
                 "usage: store_bench [--single=N] [--batched=N] [--batch-size=N] [--persons=N] [--queries=N] "
                 "[--dir=PATH] [--keep]\n");
    std::exit(code);
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const std::string& name) -> const char* {
            return arg.rfind(name + "=", 0) == 0 ? arg.c_str() + name.size() + 1 : nullptr;
        };
        auto number = [&](const char* text) {
            char* end = nullptr;
            const long n = std::strtol(text, &end, 10);
            if (*end != '\0' || n < 0) usage(2);
            return n;
        };
        if (arg == "--help" || arg == "-h") usage(0);
        else if (arg == "--keep") options.keep = true;
        else if (const char* v = value("--single")) options.single = number(v);
        else if (const char* v = value("--batched")) options.batched = number(v);
        else if (const char* v = value("--batch-size")) options.batchSize = std::max(1L, number(v));
        else if (const char* v = value("--persons")) options.persons = number(v);
        else if (const char* v = value("--queries")) options.queries = number(v);
        else if (const char* v = value("--dir")) options.dir = v;
        else usage(2);
    }
    return options;
}

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A record as a face terminal reports it: 20 devices, 1000 people, one punch
// every few seconds of device time.
struct RecordMaker {
    std::mt19937 random{42};
    long next = 0;

    Record operator()() {
        Record record;
        record.deviceId = 1 + static_cast<std::int64_t>(random() % 20);
        record.deviceRecordId = "rec-" + std::to_string(next);
        record.userId = 1 + static_cast<std::uint32_t>(random() % 1000);
        record.deviceTime = 1'700'000'000'000 + next * 3000;
        record.verifyType = random() % 4 ? "face" : "card";
        record.direction = "in";
        record.temperature = 36.5;
        record.photoBlob = std::string(64, 'a');
        record.raw = R"({"RecordID":)" + std::to_string(next) + R"(,"Type":"Face","Similarity":93.1})";
        ++next;
        return record;
    }
};

void report(const char* what, long count, double seconds, const char* unit) {
    std::printf("%-44s %8ld in %7.2f s = %9.0f %s/s\n", what, count, seconds, seconds > 0 ? count / seconds : 0.0,
                unit);
    std::fflush(stdout);
}

std::unique_ptr<Store> open(const std::string& path, const std::string& synchronous) {
    SqliteOptions options{path};
    options.synchronous = synchronous;
    return openSqliteStore(options);
}

double singleInserts(Store& store, RecordMaker& make, long count) {
    const auto start = Clock::now();
    for (long i = 0; i < count; ++i) store.records().insert(make());
    return secondsSince(start);
}

double batchedInserts(Store& store, RecordMaker& make, long count, long batchSize) {
    const auto start = Clock::now();
    for (long done = 0; done < count;) {
        std::vector<Record> batch;
        for (; done < count && static_cast<long>(batch.size()) < batchSize; ++done) batch.push_back(make());
        store.records().insertBatch(batch);
    }
    return secondsSince(start);
}

// Average milliseconds of one query, over `runs` runs.
double queryMillis(Store& store, const RecordQuery& query, long runs) {
    const auto start = Clock::now();
    std::int64_t seen = 0;
    for (long i = 0; i < runs; ++i) seen += store.records().query(query).total;
    if (seen < 0) std::puts("");  // keeps the work observable
    return runs > 0 ? secondsSince(start) * 1000.0 / runs : 0.0;
}

// Milliseconds of each of `batches` batches of new records, as the record
// writer commits them, while `listers` threads page an operator's filtered
// list (its total counts the whole table) up to 20 times each.
struct WriterUnderLists {
    std::vector<double> batchMs;
    long lists = 0;

    double percentile(double p) const {
        std::vector<double> sorted = batchMs;
        std::sort(sorted.begin(), sorted.end());
        return sorted.empty() ? 0 : sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p / 100 * sorted.size()))];
    }
};

WriterUnderLists writerUnderLists(Store& store, RecordMaker& make, long batches, long batchSize, int listers) {
    WriterUnderLists result;
    std::atomic<bool> done{false};
    std::atomic<long> lists{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < listers; ++i) {
        threads.emplace_back([&] {
            RecordQuery refused;
            refused.result = "refused";  // none are: the count reads every row
            // At most 20: on one connection the writer may get the lock only once they end.
            for (int n = 0; n < 20 && !done; ++n) {
                store.records().query(refused);
                ++lists;
            }
        });
    }
    for (long b = 0; b < batches; ++b) {
        std::vector<Record> batch;
        for (long i = 0; i < batchSize; ++i) batch.push_back(make());
        const auto start = Clock::now();
        store.records().insertBatch(batch);
        result.batchMs.push_back(secondsSince(start) * 1000.0);
    }
    done = true;
    for (auto& thread : threads) thread.join();
    result.lists = lists;
    return result;
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    std::random_device seed;
    const std::filesystem::path dir =
        std::filesystem::path(options.dir) / ("passway-store-bench-" + std::to_string(seed()));
    std::filesystem::create_directories(dir);
    std::printf("store_bench: databases in %s\n", dir.string().c_str());

    try {
        long total = 0;
        for (const std::string level : {"FULL", "NORMAL"}) {
            auto store = open((dir / ("records-" + level + ".db")).string(), level);
            RecordMaker make;
            const std::string single = "records, single inserts, synchronous=" + level;
            report(single.c_str(), options.single, singleInserts(*store, make, options.single), "records");
            const std::string batched =
                "records, batches of " + std::to_string(options.batchSize) + ", synchronous=" + level;
            report(batched.c_str(), options.batched,
                   batchedInserts(*store, make, options.batched, options.batchSize), "records");
            total = options.single + options.batched;
        }

        {
            auto store = open((dir / "persons.db").string(), "FULL");
            const auto start = Clock::now();
            for (long i = 0; i < options.persons; ++i) {
                Person person;
                person.name = "Person " + std::to_string(i);
                person.code = "EMP" + std::to_string(i);
                person.department = "Dept " + std::to_string(i % 10);
                person.accessGroups = {"gate-" + std::to_string(i % 3), "canteen"};
                person.credentials = {Credential{"card", "C" + std::to_string(100000 + i), "", 0},
                                      Credential{"password", "1234", "", 0}};
                store->persons().save(person);
            }
            report("persons saved (card + password + 2 groups), FULL", options.persons, secondsSince(start),
                   "persons");
        }

        {
            // Queries on the FULL database, which now holds `total` records.
            auto store = open((dir / "records-FULL.db").string(), "FULL");
            RecordQuery newest;
            RecordQuery device;
            device.deviceId = 7;
            RecordQuery person;
            person.userId = 123;
            RecordQuery window;
            window.from = 1'700'000'000'000 + total / 2 * 3000;
            window.to = window.from.value() + 86'400'000;  // one day of device time
            window.verifyType = "face";
            std::printf("records query over %ld records, page of 50 + total, average of %ld runs:\n", total,
                        options.queries);
            std::printf("  newest first, no filter:     %8.3f ms\n", queryMillis(*store, newest, options.queries));
            std::printf("  one device:                  %8.3f ms\n", queryMillis(*store, device, options.queries));
            std::printf("  one person:                  %8.3f ms\n", queryMillis(*store, person, options.queries));
            std::printf("  one day, face only:          %8.3f ms\n", queryMillis(*store, window, options.queries));
            RecordQuery deep = newest;
            deep.offset = static_cast<int>(total / 2);
            std::printf("  no filter, page at offset %-6ld %6.3f ms\n", total / 2,
                        queryMillis(*store, deep, std::max(1L, options.queries / 10)));

            // What an operator's lists cost the terminals: the record writer's
            // batches alone, then with one operator paging a filtered list.
            RecordMaker more;
            more.next = total;
            for (const int listers : {0, 1}) {
                const long batches = 200;
                const auto w = writerUnderLists(*store, more, batches, options.batchSize, listers);
                std::printf("  writer, %ld batches of %ld, %s: batch p50 %.2f ms, p99 %.2f ms, max %.2f ms%s\n",
                            batches, options.batchSize, listers ? "an operator listing meanwhile" : "alone",
                            w.percentile(50), w.percentile(99), w.percentile(100),
                            listers ? (", " + std::to_string(w.lists) + " lists").c_str() : "");
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "store_bench: %s\n", e.what());
        if (!options.keep) std::filesystem::remove_all(dir);
        return 1;
    }
    if (!options.keep) std::filesystem::remove_all(dir);
    return 0;
}
