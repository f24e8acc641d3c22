#include <boost/test/unit_test.hpp>

// The event journal end to end: a burst of records through the real httpv2
// listener to a forwarding script, passwayd killed with SIGKILL while the
// script is behind, restarted: the outbox holds exactly one delivery per
// stored record (Idempotency-Key "record-<id>"), none missing, none doubled.

#include "Httpv2Site.h"

#include "store/sqlite/SqliteStore.h"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <csignal>
#include <map>
#include <set>

using namespace passway;
using namespace passway::test;

namespace {

constexpr int kTerminals = 16;
constexpr int kRecordsPerTerminal = 3200;  // 51,200 in all

// A forwarding script that is slow while script.forward.spin is set: the
// burst outruns it, so the kill finds it behind.
constexpr const char* kForwardScript = R"(
local url = passway.config.get("url")
local spin = tonumber(passway.config.get("spin", "0"))
passway.on("record.created", function(record)
  local x = 0
  for i = 1, spin do x = x + i end
  local id, err = passway.outbox.send{url = url, key = "record-" .. record.id,
                                      body = {recordId = record.id, seq = record.seq}}
  if not id then error("cannot queue record " .. record.id .. ": " .. err) end
end)
)";

Poco::JSON::Object::Ptr forwardStatus(const PluginSite& site) {
    const auto reply = site.api("GET", "/scripts/forward");
    if (reply.status != 200) return nullptr;
    return reply.json();
}

std::int64_t lagOf(const PluginSite& site) {
    const auto status = forwardStatus(site);
    if (!status || !status->has("journal")) return -1;
    return status->getObject("journal")->getValue<std::int64_t>("lagEvents");
}

std::int64_t storedRecords(const PluginSite& site) {
    const auto reply = site.api("GET", "/records?limit=1");
    return reply.status == 200 ? reply.json()->getValue<std::int64_t>("total") : -1;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_burst_and_a_sigkill_lose_no_record_on_its_way_to_the_outbox) {
    TempDir scripts("journal-scripts");
    std::ofstream(scripts.file("forward.lua"), std::ios::binary) << kForwardScript;
    // Nobody listens there, and the outbox waits long between attempts: the
    // deliveries stay pending for the count below.
    const std::vector<std::string> common{
        "--set", "scripts.dir=" + scripts.path().string(),
        "--set", "script.forward.url=http://127.0.0.1:" + std::to_string(freePort()) + "/payroll",
        "--set", "outbox.poll_ms=600000", "--set", "outbox.backoff_ms=600000"};
    std::vector<std::string> slow = common;
    slow.insert(slow.end(), {"--set", "script.forward.spin=200000"});

    Httpv2Site site(slow);
    BOOST_REQUIRE_MESSAGE(eventually([&] { return lagOf(site) == 0; }, 20s), "the forward script did not start");

    std::vector<std::unique_ptr<passway::sim::httpv2::Terminal>> terminals;
    for (int t = 0; t < kTerminals; ++t) terminals.push_back(site.activeTerminal("JRN" + std::to_string(1000 + t)));
    for (auto& terminal : terminals) {
        for (int r = 0; r < kRecordsPerTerminal; ++r) {
            passway::sim::httpv2::RecordSpec record;
            record.userId = std::to_string(1 + r % 500);
            terminal->addRecord(record);
        }
    }
    std::atomic<int> drained{0};
    std::vector<std::thread> uploads;
    for (auto& terminal : terminals) {
        uploads.emplace_back([&drained, t = terminal.get()] {
            if (t->runUntil([t] { return t->model().pendingRecords().empty(); }, 600s, 0ms)) ++drained;
        });
    }
    for (auto& upload : uploads) upload.join();
    BOOST_REQUIRE_EQUAL(drained.load(), kTerminals);
    const std::int64_t stored = storedRecords(site);
    BOOST_TEST_MESSAGE("stored " << stored << " records; the script is " << lagOf(site) << " events behind");
    BOOST_REQUIRE_EQUAL(stored, kTerminals * kRecordsPerTerminal);
    BOOST_REQUIRE_MESSAGE(lagOf(site) > 0, "the script kept up; the kill would not test a backlog");

    site.process->kill(SIGKILL);
    BOOST_REQUIRE(site.process->waitExit(20s).has_value());

    site.launch(common);  // the same database, the script at full speed
    BOOST_REQUIRE_MESSAGE(eventually([&] { return lagOf(site) == 0; }, 300s),
                          "the script did not catch up: " << lagOf(site) << " events behind");
    site.process->kill(SIGTERM);
    BOOST_REQUIRE(site.process->waitExit(30s).has_value());

    // The store itself, after the host stopped: every record has exactly one
    // delivery, keyed by its id.
    auto store = openSqliteStore(SqliteOptions{site.dir.file("var/passway.db")});
    BOOST_REQUIRE_EQUAL(store->records().count(), stored);
    std::map<std::string, int> deliveries;
    for (int offset = 0;; offset += 5000) {
        const auto page = store->outbox().list(std::nullopt, offset, 5000);
        for (const auto& item : page.items) ++deliveries[item.idempotencyKey];
        if (page.items.size() < 5000) break;
    }
    std::set<std::string> expected;
    for (int offset = 0;; offset += 5000) {
        RecordQuery query;
        query.offset = offset;
        query.limit = 5000;
        const auto page = store->records().query(query);
        for (const auto& record : page.items) expected.insert("record-" + std::to_string(record.id));
        if (page.items.size() < 5000) break;
    }
    BOOST_REQUIRE_EQUAL(expected.size(), static_cast<std::size_t>(stored));
    int doubled = 0, missing = 0, stray = 0;
    for (const auto& key : expected) {
        const auto found = deliveries.find(key);
        if (found == deliveries.end()) {
            ++missing;
        } else if (found->second > 1) {
            ++doubled;
        }
    }
    for (const auto& [key, count] : deliveries) stray += expected.count(key) ? 0 : count;
    BOOST_TEST(missing == 0);
    BOOST_TEST(doubled == 0);
    BOOST_TEST(stray == 0);
    BOOST_TEST(deliveries.size() == expected.size());
}
