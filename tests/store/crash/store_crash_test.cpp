#include <boost/test/unit_test.hpp>

#include "store/sqlite/SqliteStore.h"
#include "support/TempDir.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <csignal>
#include <set>
#include <string>
#include <vector>

#include <signal.h>

using namespace passway;

namespace {

// Several rounds on the same database, each killed after a different number
// of acknowledgements so the kill lands at different points of the write
// pattern (single inserts and batches).
constexpr int kRounds = 4;
std::size_t acksForRound(int round) { return 300 + 137 * static_cast<std::size_t>(round); }
// The writer is single-threaded: at most one operation (a batch of 10) can be
// committed and not yet acknowledged when it dies.
constexpr std::size_t kMaxUnacknowledged = 10;

struct Round {
    std::vector<std::string> acks;
    bool runningAtKill = false;
};

// Runs the writer until it acknowledged `count` records, then SIGKILLs it and
// collects every acknowledgement it printed before dying.
Round runAndKill(const std::string& database, std::size_t firstIndex, std::size_t count) {
    Poco::Pipe out;
    Poco::ProcessHandle writer =
        Poco::Process::launch(STORE_CRASH_WRITER, {database, std::to_string(firstIndex)}, nullptr, &out, nullptr);
    Poco::PipeInputStream in(out);
    Round round;
    std::string line;
    while (round.acks.size() < count && std::getline(in, line)) {
        if (line.rfind("ack ", 0) == 0) round.acks.push_back(line.substr(4));
    }
    round.runningAtKill = Poco::Process::isRunning(writer);
    ::kill(writer.id(), SIGKILL);
    // Lines already in the pipe were printed after their insert returned:
    // they are acknowledgements too. A torn last line would not end in '\n'.
    while (std::getline(in, line)) {
        if (line.rfind("ack ", 0) == 0 && !in.eof()) round.acks.push_back(line.substr(4));
    }
    writer.wait();
    return round;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_acknowledged_record_survives_sigkill) {
    test::TempDir dir("passway-crash-test");
    const std::string database = dir.file("crash.db");
    std::vector<std::string> acknowledged;

    for (int round = 0; round < kRounds; ++round) {
        // A restarted writer continues after what was acknowledged, so it may
        // send again records that were committed but not acknowledged, as a
        // terminal retries: they must not be stored twice.
        const Round result = runAndKill(database, acknowledged.size(), acksForRound(round));
        BOOST_TEST_MESSAGE("round " << round << ": " << result.acks.size() << " acknowledgements");
        BOOST_REQUIRE_GE(result.acks.size(), acksForRound(round));
        BOOST_TEST(result.runningAtKill);  // killed mid-load, not after finishing
        acknowledged.insert(acknowledged.end(), result.acks.begin(), result.acks.end());

        BOOST_TEST(sqliteIntegrityCheck(database) == "ok");
        auto store = openSqliteStore(SqliteOptions{database});
        BOOST_TEST(sqliteIntegrityCheck(database) == "ok");

        RecordQuery all;
        all.limit = 1'000'000;
        const Page<Record> page = store->records().query(all);
        std::set<std::string> stored;
        for (const auto& record : page.items) stored.insert(record.deviceRecordId);
        BOOST_TEST(stored.size() == page.items.size());  // no (device, id) twice

        std::size_t missing = 0;
        for (const auto& id : acknowledged) missing += stored.count(id) ? 0 : 1;
        BOOST_TEST(missing == 0u);
        BOOST_TEST(page.items.size() >= acknowledged.size());
        BOOST_TEST(page.items.size() <= acknowledged.size() + kMaxUnacknowledged);
    }
}
