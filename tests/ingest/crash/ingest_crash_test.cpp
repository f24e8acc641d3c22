#include <boost/test/unit_test.hpp>

#include "store/BlobStore.h"
#include "store/sqlite/SqliteStore.h"
#include "support/TempDir.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>

#include <signal.h>

using namespace passway;

namespace {

// Several rounds on the same folder, each killed after a different number of
// acknowledgements, so the kill lands at different points of a group commit
// (photos written, photos synced, renamed, rows committed, callers woken).
constexpr int kRounds = 4;
constexpr int kThreads = 8;
std::size_t acksForRound(int round) { return 200 + 113 * static_cast<std::size_t>(round); }
// Each sender has at most one record stored and not yet acknowledged.
constexpr std::size_t kMaxUnacknowledged = kThreads;
// A restarted writer sends the last few records again, as terminals retry.
constexpr long kResent = 20;

using Acks = std::map<long, std::string>;  // index -> photo sha256

struct Round {
    Acks acks;
    bool runningAtKill = false;
};

void readAck(const std::string& line, Acks& acks) {
    std::istringstream fields(line.substr(4));
    long index = 0;
    std::string sha;
    if (fields >> index >> sha && sha.size() == 64) acks[index] = sha;
}

Round runAndKill(const std::string& folder, long first, std::size_t count) {
    Poco::Pipe out;
    Poco::ProcessHandle writer = Poco::Process::launch(
        INGEST_CRASH_WRITER, {folder, std::to_string(first), std::to_string(kThreads)}, nullptr, &out, nullptr);
    Poco::PipeInputStream in(out);
    Round round;
    std::size_t seen = 0;
    std::string line;
    while (seen < count && std::getline(in, line)) {
        if (line.rfind("ack ", 0) == 0) {
            readAck(line, round.acks);
            ++seen;
        }
    }
    round.runningAtKill = Poco::Process::isRunning(writer);
    ::kill(writer.id(), SIGKILL);
    // Lines already in the pipe were printed after ingest() returned: they
    // are acknowledgements too. A torn last line would not end in '\n'.
    while (std::getline(in, line)) {
        if (line.rfind("ack ", 0) == 0 && !in.eof()) readAck(line, round.acks);
    }
    writer.wait();
    return round;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_acknowledged_record_and_photo_survives_sigkill) {
    test::TempDir dir("passway-ingest-crash-test");
    const std::string folder = dir.path().string();
    const std::string database = dir.file("passway.db");
    Acks acknowledged;
    long next = 0;

    for (int round = 0; round < kRounds; ++round) {
        const Round result = runAndKill(folder, std::max(0L, next - kResent), acksForRound(round));
        BOOST_TEST_MESSAGE("round " << round << ": " << result.acks.size() << " acknowledgements");
        BOOST_REQUIRE_GE(result.acks.size(), acksForRound(round) - kResent);
        BOOST_TEST(result.runningAtKill);  // killed mid-load, not after finishing
        acknowledged.insert(result.acks.begin(), result.acks.end());
        next = acknowledged.rbegin()->first + 1;

        BOOST_TEST(sqliteIntegrityCheck(database) == "ok");
        auto store = openSqliteStore(SqliteOptions{database});
        BlobStore blobs(dir.file("blobs"));

        RecordQuery all;
        all.limit = 1'000'000;
        const Page<Record> page = store->records().query(all);
        std::map<long, Record> stored;
        for (const auto& record : page.items) stored[std::stol(record.deviceRecordId.substr(2))] = record;
        BOOST_TEST(stored.size() == page.items.size());  // no (device, id) twice

        std::size_t missing = 0;
        std::size_t wrongPhoto = 0;
        for (const auto& [index, sha] : acknowledged) {
            const auto found = stored.find(index);
            if (found == stored.end()) {
                ++missing;
                continue;
            }
            wrongPhoto += found->second.photoBlob == sha ? 0 : 1;
        }
        BOOST_TEST(missing == 0u);
        BOOST_TEST(wrongPhoto == 0u);
        // Every stored record's photo is whole, acknowledged or not: photos
        // are durable before the row that names them.
        std::size_t brokenPhotos = 0;
        for (const auto& [index, record] : stored) {
            const auto bytes = blobs.get(record.photoBlob);
            brokenPhotos += bytes && BlobStore::sha256Hex(*bytes) == record.photoBlob ? 0 : 1;
        }
        BOOST_TEST(brokenPhotos == 0u);
        BOOST_TEST(stored.size() >= acknowledged.size());
        BOOST_TEST(stored.size() <= acknowledged.size() + kMaxUnacknowledged * (round + 1));
    }
}
