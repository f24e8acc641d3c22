#include <boost/test/unit_test.hpp>

// The ScriptHost with real Lua, SQLite and the event bus: loading, hot
// reload of a changed file, saving through the API (compiled first),
// enable/disable kept across restarts, failures in a row, timers, and the
// online authorization hook's deadline.

#include "script/ScriptFixture.h"
#include "support/HttpReceiver.h"

#include <set>

namespace passway {
inline std::ostream& operator<<(std::ostream& out, const std::set<std::string>& keys) {
    for (const auto& k : keys) out << k << ' ';
    return out;
}
}  // namespace passway

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

std::string kv(ScriptFixture& f, const std::string& script, const std::string& key) {
    return f.store->kv().get("script." + script + ".kv." + key).value_or("");
}

AuthorizationRequest request(std::int64_t at) {
    AuthorizationRequest r;
    r.deviceId = 1;
    r.serial = "SN1";
    r.protocol = "httpv2";
    r.userId = 7;
    r.at = at;
    r.builtinAllow = true;
    return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_changed_file_is_reloaded_and_a_removed_one_unloaded) {
    ScriptFixture f;
    f.writeScript("counter", "passway.on('tick', function() passway.kv.set('version', 1) end)");
    f.up();
    f.bus->publish("tick", "{}");
    BOOST_REQUIRE(waitFor([&] { return kv(f, "counter", "version") == "1"; }));
    f.writeScript("counter", "passway.on('tick', function() passway.kv.set('version', 2) end) -- edited");
    BOOST_REQUIRE(waitFor([&] { return f.host->status("counter")->calls == 0; }, 5s));  // a fresh instance
    f.bus->publish("tick", "{}");
    BOOST_TEST(waitFor([&] { return kv(f, "counter", "version") == "2"; }));
    std::filesystem::remove(f.scriptsDir() + "/counter.lua");
    BOOST_TEST(waitFor([&] { return !f.host->status("counter").has_value(); }, 5s));
}

BOOST_AUTO_TEST_CASE(save_compiles_first_and_keeps_the_file_when_it_does_not) {
    ScriptFixture f;
    f.up();
    BOOST_TEST(f.host->save("fresh", "passway.on('x', function() return 1 end)") == "");
    BOOST_TEST(f.state("fresh") == ScriptState::Running);
    const std::string error = f.host->save("fresh", "passway.on('x', function() return end end)");
    BOOST_TEST(error.find("fresh.lua") != std::string::npos, error);
    BOOST_TEST(*f.host->source("fresh") == "passway.on('x', function() return 1 end)");
    BOOST_TEST(f.host->save("../evil", "return") != "");
}

BOOST_AUTO_TEST_CASE(a_script_failing_in_a_row_is_disabled_and_reported_and_enable_brings_it_back) {
    ScriptFixture f;
    f.writeScript("flaky", "passway.on('go', function(e) if e.fail then error('boom ' .. e.n) end end)");
    f.up();
    f.bus->publish("go", R"({"fail":true,"n":1})");
    f.bus->publish("go", R"({"fail":false})");  // a success resets the count
    f.bus->publish("go", R"({"fail":true,"n":2})");
    f.bus->publish("go", R"({"fail":true,"n":3})");
    BOOST_REQUIRE(waitFor([&] { return f.host->status("flaky")->calls == 4; }));
    BOOST_TEST(f.state("flaky") == ScriptState::Running);
    f.bus->publish("go", R"({"fail":true,"n":4})");
    BOOST_REQUIRE(waitFor([&] { return f.state("flaky") == ScriptState::Failed; }));
    const auto errors = *f.host->errors("flaky");
    BOOST_REQUIRE(errors.size() == 4u);
    BOOST_TEST(errors.back().message.find("boom 4") != std::string::npos, errors.back().message);
    BOOST_TEST(errors.back().where == "go");
    BOOST_TEST(f.host->setEnabled("flaky", true));
    BOOST_TEST(f.state("flaky") == ScriptState::Running);
}

BOOST_AUTO_TEST_CASE(disabling_is_kept_across_a_restart) {
    ScriptFixture f;
    f.writeScript("quiet", "passway.on('go', function() passway.kv.set('ran', true) end)");
    f.up();
    BOOST_TEST(f.host->setEnabled("quiet", false));
    BOOST_TEST(f.state("quiet") == ScriptState::Disabled);
    f.restart();
    BOOST_TEST(f.state("quiet") == ScriptState::Disabled);
    f.bus->publish("go", "{}");
    BOOST_TEST(waitFor([&] { return f.bus->queued() == 0u; }));  // delivered to whoever listens
    BOOST_TEST(kv(f, "quiet", "ran") == "");
    BOOST_TEST(f.host->setEnabled("quiet", true));
    f.bus->publish("go", "{}");
    BOOST_TEST(waitFor([&] { return kv(f, "quiet", "ran") == "true"; }));
}

BOOST_AUTO_TEST_CASE(timers_run_on_their_own_and_the_api_refuses_registration_inside_handlers) {
    ScriptFixture f;
    f.writeScript("clock", R"(
        local n = 0
        passway.timer.every(0.05, function() n = n + 1; passway.kv.set("n", n) end)
        passway.timer.at(0, function() passway.kv.set("once", true) end)
        passway.on("late", function() passway.on("other", function() end) end))");
    f.up();
    BOOST_TEST(waitFor([&] { return kv(f, "clock", "once") == "true"; }, 3s));
    BOOST_TEST(waitFor([&] { return std::atoi(kv(f, "clock", "n").c_str()) >= 3; }, 3s));
    const auto run = *f.host->testRun("clock", "late", "{}");
    BOOST_TEST(!run.ok);
    BOOST_TEST(run.error.find("API disabled in the context of a handler") != std::string::npos, run.error);
}

BOOST_AUTO_TEST_CASE(test_run_returns_the_result_and_the_log_lines) {
    ScriptFixture f;
    f.writeScript("echo", R"(
        passway.log.info("loaded")
        passway.on("record.created", function(r) passway.log.warn("record", r.id) return {seen = r.id} end))");
    f.up();
    const auto run = *f.host->testRun("echo", "record.created", R"({"id": 77})");
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson == R"({"seen":77})");
    BOOST_TEST(run.handlers == 1);
    BOOST_REQUIRE(run.log.size() == 2u);
    BOOST_TEST(run.log[0] == "info: loaded");
    BOOST_TEST(run.log[1] == "warning: record 77");
    BOOST_TEST(f.host->status("echo")->calls == 0u);  // the live instance was not used
}

BOOST_AUTO_TEST_CASE(the_authorization_hook_decides_within_the_deadline) {
    ScriptFixture f;
    f.writeScript("gate", R"(
        passway.on_authorize(function(r)
          if r.userId == 7 then return false, "Not today" end
          if r.userId == 8 then while true do end end
          if r.userId == 9 then error("broken") end
          return nil
        end))");
    // The scripts' own per-call deadline is made long: only the hook's can
    // cut the loop below.
    f.scriptOptions.deadline = 60s;
    f.up();
    const auto refused = f.host->authorize(request(1700000000000), 500ms);
    BOOST_REQUIRE(refused.has_value());
    BOOST_TEST(!refused->allow);
    BOOST_TEST(refused->message == "Not today");
    BOOST_TEST(refused->decidedBy == "script:gate");

    auto late = request(1700000000000);
    late.userId = 8;
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(!f.host->authorize(late, 300ms).has_value());
    const auto took = std::chrono::steady_clock::now() - started;
    // Far below the scripts' own 60 s deadline: the hook's 300 ms cut it;
    // the margin is wide enough for a loaded machine.
    BOOST_TEST((took < 20s), "answered after " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count());

    auto broken = request(1700000000000);
    broken.userId = 9;
    BOOST_TEST(!f.host->authorize(broken, 300ms).has_value());
    auto none = request(1700000000000);
    none.userId = 10;
    BOOST_TEST(!f.host->authorize(none, 300ms).has_value());
}

BOOST_AUTO_TEST_CASE(a_reload_keeps_the_deliveries_already_queued) {
    HttpReceiver receiver;
    const std::string url = receiver.url("/in");
    receiver.stop();
    ScriptFixture f;
    const std::string v1 = "passway.on('send', function(e) return passway.outbox.send{url = '" + url +
                           "', body = 'v1', key = 'k-' .. e.n} end)";
    f.writeScript("sender", v1);
    f.up();
    f.bus->publish("send", R"({"n":1})");
    BOOST_REQUIRE(waitFor([&] { return f.store->outbox().countInState(OutboxState::Pending) == 1; }));
    BOOST_REQUIRE(f.host->save("sender", v1 + " -- v2") == "");
    f.bus->publish("send", R"({"n":2})");
    BOOST_REQUIRE(waitFor([&] { return f.store->outbox().countInState(OutboxState::Pending) == 2; }));
    receiver.start();
    BOOST_REQUIRE(waitFor([&] { return f.store->outbox().countInState(OutboxState::Delivered) == 2; }));
    std::set<std::string> keys;
    for (const auto& r : receiver.requests()) keys.insert(r.headers.at("Idempotency-Key"));
    BOOST_TEST(keys == (std::set<std::string>{"k-1", "k-2"}));
}

// In a cluster every host loads the scripts, and only the leader runs their
// handlers (from the journal cursor the hosts share) and timers.
BOOST_AUTO_TEST_CASE(a_follower_loads_its_scripts_and_answers_authorization_and_runs_handlers_and_timers_only_while_leading) {
    ScriptFixture f;
    f.withJournal = true;
    f.follower = true;
    f.writeScript("roles", R"(
        local beats = 0
        passway.on_authorize(function(r) return false, "Loaded here" end)
        passway.on("tick", function(e) passway.kv.set("last", e.n) end)
        passway.timer.every(0.02, function() beats = beats + 1; passway.kv.set("beats", beats) end))");
    f.up();
    BOOST_TEST(!f.host->leading());
    BOOST_REQUIRE(f.host->status("roles").has_value());
    BOOST_TEST(f.state("roles") == ScriptState::Running);
    const auto verdict = f.host->authorize(request(1700000000000), 500ms);
    BOOST_REQUIRE(verdict.has_value());
    BOOST_TEST(verdict->message == "Loaded here");
    BOOST_TEST(f.host->testRun("roles", "tick", R"({"n":0})")->ok);
    BOOST_TEST(!f.host->status("roles")->journal.has_value());  // never subscribed: no cursor yet
    BOOST_TEST(kv(f, "roles", "beats") == "");

    f.host->lead();
    BOOST_TEST(waitFor([&] { return std::atoi(kv(f, "roles", "beats").c_str()) >= 2; }, 3s));
    f.bus->publish("tick", R"({"n":1})");
    BOOST_REQUIRE(waitFor([&] { return kv(f, "roles", "last") == "1"; }));

    // Another host leads: the timers stop (follow() waits for one running)
    // and the handler's cursor stays where it left off.
    f.host->follow();
    BOOST_TEST(f.host->status("roles")->journal->running == false);
    const std::string beatsFollowing = kv(f, "roles", "beats");
    f.bus->publish("tick", R"({"n":2})");
    BOOST_REQUIRE(f.host->authorize(request(1700000000000), 500ms).has_value());  // still loaded
    BOOST_TEST(kv(f, "roles", "last") == "1");
    BOOST_TEST(kv(f, "roles", "beats") == beatsFollowing);

    // Leading again (same Lua state): the event of meanwhile, then the timers.
    f.host->lead();
    BOOST_TEST(waitFor([&] { return kv(f, "roles", "last") == "2"; }));
    BOOST_TEST(waitFor([&] { return kv(f, "roles", "beats") != beatsFollowing; }, 3s));
    BOOST_TEST(f.host->status("roles")->journal->running);
}
