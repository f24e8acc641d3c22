#include <boost/test/unit_test.hpp>

// string.find/match/gmatch/gsub under the script deadline (PatternGuard.h):
// the worst-case estimate, patterns refused before they run, everyday
// patterns on large subjects still allowed and unchanged in meaning.

#include "script/ScriptFixture.h"

#include "script/PatternGuard.h"

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

// The budget of a call with the default 200 ms deadline.
constexpr std::uint64_t kBudget200ms = 200 * kStepsPerMillisecond;

struct Probe : ScriptFixture {
    explicit Probe(const std::string& body) {
        // Room for building large subjects on a busy machine; the refused
        // patterns below cost far more than even this deadline allows.
        scriptOptions.deadline = 5s;
        writeScript("probe", "passway.on('t', function(event)\n" + body + "\nend)\n");
        up();
        BOOST_REQUIRE_MESSAGE(state("probe") == ScriptState::Running, host->status("probe")->lastError);
    }
    ScriptTestRun run() { return *host->testRun("probe", "t", "{}"); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_estimate_is_linear_for_everyday_patterns_and_explodes_for_backtracking_ones) {
    const std::string csv = [] {
        std::string line;
        while (line.size() < 1024 * 1024) line += "12345,abcde,";
        return line;
    }();
    // Splitting: the quantifier is last, nothing after it can fail.
    BOOST_TEST(patternCost(csv, "[^,]+", false, false) < kBudget200ms);
    BOOST_TEST(patternCost(csv, "([^,]*)", false, false) < kBudget200ms);
    // Anchored with short runs: a few steps per byte at most.
    BOOST_TEST(patternCost("2026-12-03", "^(%d+)-(%d+)-(%d+)$", false, true) < 10000u);
    // The classic: every start scans the whole run of a's, then fails.
    const std::string as(100000, 'a');
    BOOST_TEST(patternCost(as, "a*b", false, true) > kBudget200ms);
    BOOST_TEST(patternCost(as, ".-.-b", false, true) > kBudget200ms);
    // '^' anchors find, not gmatch.
    BOOST_TEST(patternCost(as, "^a*b", false, true) < kBudget200ms);
    BOOST_TEST(patternCost(as, "^a*b", false, false) > kBudget200ms);
    // A plain find costs subject × pattern.
    BOOST_TEST(patternCost(as, std::string(1000, 'a'), true, true) > 100000u * 1000u);
    BOOST_TEST(patternCost(as, "b", true, true) < 1000000u);
}

BOOST_AUTO_TEST_CASE(a_backtracking_pattern_is_refused_before_it_runs_and_pcall_can_catch_it) {
    Probe probe(R"LUA(
        local s = string.rep("a", 100000)
        local ok1, err1 = pcall(string.find, s, ".-.-.-b")
        local ok2, err2 = pcall(function() return s:match("(a*)(a*)b") end)
        local ok3, err3 = pcall(string.gsub, s, "a-a-b", "")
        local ok4, err4 = pcall(function() for w in s:gmatch("a*b") do end end)
        return {ok = {ok1, ok2, ok3, ok4}, err1 = err1, err2 = err2, err3 = err3, err4 = err4})LUA");
    const auto run = probe.run();
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("\"ok\":[false,false,false,false]") != std::string::npos, run.resultJson);
    for (const char* name : {"string.find", "string.match", "string.gsub", "string.gmatch"}) {
        BOOST_TEST(run.resultJson.find(std::string(name) + ": pattern too costly for a 100000-byte subject") !=
                       std::string::npos,
                   name << " in " << run.resultJson);
    }
}

BOOST_AUTO_TEST_CASE(everyday_patterns_on_large_subjects_work_as_in_lua) {
    Probe probe(R"LUA(
        local parts = {}
        for i = 1, 50000 do parts[i] = tostring(i) end
        local line = table.concat(parts, ",")
        local n = 0
        for field in line:gmatch("[^,]+") do n = n + 1 end
        local replaced, count = line:gsub(",", ";")
        local first, last = line:find("49999,50000", 1, true)
        local y, m, d = ("2026-12-03"):match("^(%d+)-(%d+)-(%d+)$")
        local key, value = ("name = Ann"):match("^(%w+)%s*=%s*(%w+)$")
        local balanced = ("f(a(b)c) rest"):match("%b()")
        local frontier = ("THE (quick) fox"):gsub("%f[%a]%a+", "w")
        local position = ("hello"):find("l")
        return {n = n, count = count, first = first, last = last, date = y .. m .. d,
                kv = key .. "=" .. value, balanced = balanced, frontier = frontier, position = position,
                semi = replaced:sub(1, 6)})LUA");
    const auto run = probe.run();
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    for (const char* expected : {"\"n\":50000", "\"count\":49999", "\"date\":\"20261203\"", "\"kv\":\"name=Ann\"",
                                 "\"balanced\":\"(a(b)c)\"", "\"frontier\":\"w (w) w\"", "\"position\":3",
                                 "\"semi\":\"1;2;3;\""}) {
        BOOST_TEST(run.resultJson.find(expected) != std::string::npos, expected << " in " << run.resultJson);
    }
}

BOOST_AUTO_TEST_CASE(misuse_is_still_reported_by_lua_itself) {
    Probe probe(R"LUA(
        local ok1, err1 = pcall(string.find, "abc", "[a")
        local ok2, err2 = pcall(string.find, {}, "a")
        return {err1 = err1, err2 = err2})LUA");
    const auto run = probe.run();
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("malformed pattern") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("string expected, got table") != std::string::npos, run.resultJson);
}
