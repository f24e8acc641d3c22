#include "RecordLoad.h"

#include "BurstDriver.h"

#include "sim/httpv2/HttpConnection.h"
#include "sim/httpv2/WireFormat.h"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>

namespace passway::bench {

namespace sim = passway::sim::httpv2;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string keepaliveJson(const std::string& sn) {
    return R"({"SN":")" + sn +
           R"(","RelayStatus":0,"KeepOpenStatus":0,"DoorSensorStatus":0,"LockDoorStatus":0,"AlarmStatus":""})";
}

// What one uploading thread collected.
struct Tally {
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
    std::vector<double> latencies;
    std::string error;
};

// RecordIDs of the document's size (up to 10 digits), a fresh range per
// phase so no phase re-sends an ID a terminal used before (the host would
// de-duplicate it), also across runs against a host that keeps its data.
std::uint64_t phaseBase() {
    static std::atomic<std::uint64_t> next{static_cast<std::uint64_t>(std::time(nullptr) % 40000) * 100000 + 1};
    return next.fetch_add(1000000);
}

void merge(LoadResult& into, std::vector<Tally>& tallies) {
    for (auto& t : tallies) {
        into.ok += t.ok;
        into.failed += t.failed;
        into.latenciesMs.insert(into.latenciesMs.end(), t.latencies.begin(), t.latencies.end());
        if (into.firstError.empty()) into.firstError = t.error;
    }
}

}  // namespace

std::string benchPhoto(std::size_t bytes, std::uint64_t serial) {
    if (bytes < 64) bytes = 64;
    std::string photo;
    photo.reserve(bytes);
    static const unsigned char head[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I',  'F',
                                         0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00};
    photo.append(reinterpret_cast<const char*>(head), sizeof head);
    std::mt19937_64 random(12345);
    // Comment segments (FF FE, 16-bit length) of random bytes up to the size, then EOI.
    while (photo.size() + 4 + 2 < bytes) {
        const std::size_t room = bytes - photo.size() - 2;
        const std::size_t payload = std::min<std::size_t>(room - 4, 65000);
        photo += '\xFF';
        photo += '\xFE';
        photo += static_cast<char>(((payload + 2) >> 8) & 0xFF);
        photo += static_cast<char>((payload + 2) & 0xFF);
        for (std::size_t i = 0; i < payload; ++i) photo += static_cast<char>(0x20 + random() % 0x5F);
    }
    photo.resize(bytes - 2, ' ');
    photo += "\xFF\xD9";
    stampPhoto(photo, serial);
    return photo;
}

void stampPhoto(std::string& photo, std::uint64_t serial) {
    // Inside the first comment segment (it starts at byte 20 with its 4-byte header).
    char digits[17];
    std::snprintf(digits, sizeof digits, "%016llx", static_cast<unsigned long long>(serial));
    std::memcpy(photo.data() + 24, digits, 16);
}

std::size_t LoadResult::over(double ms) const {
    return static_cast<std::size_t>(
        std::count_if(latenciesMs.begin(), latenciesMs.end(), [ms](double l) { return l > ms; }));
}

double LoadResult::percentile(double p) const {
    if (latenciesMs.empty()) return 0;
    std::vector<double> sorted = latenciesMs;
    const auto index = static_cast<std::size_t>(std::min<double>(sorted.size() - 1, p / 100.0 * sorted.size()));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(index), sorted.end());
    return sorted[index];
}

std::string RecordLoad::sn(int i) const {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%06d", i);
    return options_.snPrefix + suffix;
}

LoadResult RecordLoad::throughput(int terminals, double seconds) const {
    return options_.threadPerTerminal ? throughputThreads(terminals, seconds) : throughputEpoll(terminals, seconds);
}

LoadResult RecordLoad::throughputEpoll(int terminals, double seconds) const {
    sim::WireOptions wireOptions;
    wireOptions.gzipDetail = options_.gzipDetail;
    const sim::WireFormat wire(wireOptions);
    const sim::HttpConnection heads("127.0.0.1", options_.port);  // writes request heads; never connects
    BurstDriver driver(options_.port, static_cast<std::size_t>(terminals), true);
    std::vector<std::string> keepalives;
    for (int t = 0; t < terminals; ++t) {  // each session opens with a keepalive, untimed
        const auto request = wire.json("/Device/Keepalive", keepaliveJson(sn(t)));
        keepalives.push_back(heads.head(request) + request.body);
    }
    LoadResult opening;
    driver.round(keepalives, opening, true);
    struct Terminal {
        std::string sn;
        sim::RecordSpec record;
        std::uint64_t sent = 0;
    };
    std::vector<Terminal> fleet(static_cast<std::size_t>(terminals));
    const std::uint64_t base = phaseBase();
    for (int t = 0; t < terminals; ++t) {
        Terminal& terminal = fleet[static_cast<std::size_t>(t)];
        terminal.sn = sn(t);
        terminal.record.userId = std::to_string(t + 1);
        terminal.record.name = "bench " + terminal.record.userId;
        terminal.record.recordDate = std::time(nullptr);
        if (options_.photoBytes > 0) terminal.record.photo = benchPhoto(options_.photoBytes, 0);
    }
    LoadResult result;
    driver.closedLoop(
        [&](std::size_t t) {
            Terminal& terminal = fleet[t];
            auto& record = terminal.record;
            record.recordId = base + terminal.sent++;  // unique per terminal, as a terminal numbers its records
            if (!record.photo.empty()) stampPhoto(record.photo, (record.recordId << 16) | t);
            const sim::HttpRequest request = wire.record("/Record/UploadIdentifyRecord", terminal.sn, record);
            return heads.head(request) + request.body;
        },
        std::chrono::duration<double>(seconds), result);
    if (opening.failed > 0 && result.firstError.empty()) result.firstError = "keepalive: " + opening.firstError;
    return result;
}

LoadResult RecordLoad::throughputThreads(int terminals, double seconds) const {
    sim::WireOptions wireOptions;
    wireOptions.gzipDetail = options_.gzipDetail;
    const sim::WireFormat wire(wireOptions);
    std::vector<Tally> tallies(static_cast<std::size_t>(terminals));
    std::barrier ready(terminals + 1);
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const std::uint64_t base = phaseBase();

    for (int t = 0; t < terminals; ++t) {
        threads.emplace_back([&, t] {
            Tally& tally = tallies[static_cast<std::size_t>(t)];
            const std::string sn = this->sn(t);
            sim::HttpConnection connection("127.0.0.1", options_.port, std::chrono::seconds(30));
            sim::RecordSpec record;
            record.userId = std::to_string(t + 1);
            record.name = "bench " + record.userId;
            record.recordDate = std::time(nullptr);
            if (options_.photoBytes > 0) record.photo = benchPhoto(options_.photoBytes, 0);
            try {
                connection.exchange(wire.json("/Device/Keepalive", keepaliveJson(sn)));
            } catch (const sim::WireError& e) {
                tally.error = e.what();
            }
            ready.arrive_and_wait();
            for (std::uint64_t n = 0; !stop.load(std::memory_order_relaxed); ++n) {
                record.recordId = base + n;  // unique per terminal, as a terminal numbers its records
                if (!record.photo.empty())
                    stampPhoto(record.photo, (record.recordId << 16) | static_cast<std::uint64_t>(t));
                const sim::HttpRequest request = wire.record("/Record/UploadIdentifyRecord", sn, record);
                const auto start = Clock::now();
                try {
                    const auto response = connection.exchange(request);
                    tally.latencies.push_back(msSince(start));
                    if (response.success() == 1) {
                        ++tally.ok;
                    } else {
                        ++tally.failed;
                        if (tally.error.empty())
                            tally.error = "HTTP " + std::to_string(response.status) + " " + response.body;
                    }
                } catch (const sim::WireError& e) {
                    ++tally.failed;
                    if (tally.error.empty()) tally.error = e.what();
                    connection.close();
                }
            }
        });
    }
    ready.arrive_and_wait();
    const auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& thread : threads) thread.join();
    LoadResult result;
    result.seconds = msSince(start) / 1000.0;  // includes the last in-flight answers
    merge(result, tallies);
    return result;
}

LoadResult RecordLoad::burst(int terminals, int rounds, int gapMs, bool keepAlive) const {
    sim::WireOptions wireOptions;
    wireOptions.gzipDetail = options_.gzipDetail;
    const sim::WireFormat wire(wireOptions);
    const sim::HttpConnection heads("127.0.0.1", options_.port);  // writes request heads; never connects
    BurstDriver driver(options_.port, static_cast<std::size_t>(terminals), keepAlive);
    LoadResult result;
    const auto start = Clock::now();
    std::vector<std::string> requests(static_cast<std::size_t>(terminals));
    if (keepAlive) {  // each session opens with a keepalive; only the uploads are timed
        for (int t = 0; t < terminals; ++t) {
            const auto request = wire.json("/Device/Keepalive", keepaliveJson(sn(t)));
            requests[static_cast<std::size_t>(t)] = heads.head(request) + request.body;
        }
        driver.round(requests, result, false);
    }
    const std::uint64_t base = phaseBase();
    sim::RecordSpec record;
    record.recordDate = std::time(nullptr);
    if (options_.photoBytes > 0) record.photo = benchPhoto(options_.photoBytes, 0);
    for (int round = 0; round < rounds; ++round) {
        for (int t = 0; t < terminals; ++t) {  // built before the instant, as a terminal holds its record
            record.recordId = base + static_cast<std::uint64_t>(round);
            record.userId = std::to_string(t + 1);
            if (!record.photo.empty())
                stampPhoto(record.photo, (record.recordId << 16) | static_cast<std::uint64_t>(t));
            const auto request = wire.record("/Record/UploadIdentifyRecord", sn(t), record);
            requests[static_cast<std::size_t>(t)] = heads.head(request) + request.body;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(gapMs));
        driver.round(requests, result, true);
    }
    result.seconds = msSince(start) / 1000.0;
    return result;
}

}  // namespace passway::bench
