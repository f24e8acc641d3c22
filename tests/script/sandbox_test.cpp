#include <boost/test/unit_test.hpp>

// The Lua sandbox with real Lua 5.4, through the host's test run (a fresh
// state per run) and through live event delivery: what is absent, strict
// globals, the deadline pcall cannot catch, the memory cap, require.

#include "script/ScriptFixture.h"

#include "script/LuaSandbox.h"

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

// A fixture with one script `probe` whose handler for topic "t" is `body`.
struct Probe : ScriptFixture {
    explicit Probe(const std::string& body) {
        writeScript("probe", "passway.on('t', function(event)\n" + body + "\nend)\n");
        up();
        BOOST_REQUIRE_MESSAGE(state("probe") == ScriptState::Running, host->status("probe")->lastError);
    }
    ScriptTestRun run(const std::string& payload = "{}") { return *host->testRun("probe", "t", payload); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(io_os_package_debug_dofile_loadfile_are_absent) {
    Probe probe(R"(
        local names = {"io", "os", "package", "debug", "dofile", "loadfile", "collectgarbage_x"}
        local found = {}
        for _, n in ipairs(names) do if rawget(_G, n) ~= nil then found[#found + 1] = n end end
        if string.dump ~= nil then found[#found + 1] = "string.dump" end
        return {found = table.concat(found, ","), string = type(string), math = type(math), utf8 = type(utf8),
                coroutine = type(coroutine), table = type(table)})");
    const auto run = probe.run();
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("\"found\":\"\"") != std::string::npos, run.resultJson);
    for (const char* lib : {"string", "math", "utf8", "coroutine", "table"}) {
        BOOST_TEST(run.resultJson.find(std::string("\"") + lib + "\":\"table\"") != std::string::npos, run.resultJson);
    }
}

BOOST_AUTO_TEST_CASE(reading_an_undeclared_global_is_an_error) {
    Probe probe("return undeclared_thing");
    const auto run = probe.run();
    BOOST_TEST(!run.ok);
    BOOST_TEST(run.error.find("undeclared global 'undeclared_thing'") != std::string::npos, run.error);
}

BOOST_AUTO_TEST_CASE(writing_an_undeclared_global_is_an_error) {
    Probe probe("counter = 1");
    const auto run = probe.run();
    BOOST_TEST(!run.ok);
    BOOST_TEST(run.error.find("assignment to undeclared global 'counter'") != std::string::npos, run.error);
}

BOOST_AUTO_TEST_CASE(load_takes_text_only) {
    Probe probe(R"(
        local f, err = load("\27Lua\84\0 binary")
        local g = load("return 40 + 2")
        return {binary = f == nil, err = err, text = g()})");
    const auto run = probe.run();
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("\"binary\":true") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("binary chunks are not allowed") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"text\":42") != std::string::npos, run.resultJson);
}

BOOST_AUTO_TEST_CASE(an_endless_loop_is_stopped_at_the_deadline_and_pcall_does_not_save_it) {
    LuaSandbox sandbox(LuaSandbox::Limits{64 * 1024 * 1024, 200ms});
    std::string error;
    BOOST_REQUIRE(sandbox.load(R"(
        local caught = 0
        while true do
          pcall(function() while true do end end)
          caught = caught + 1
        end)", "loop", error));
    bool timedOut = false;
    const auto started = std::chrono::steady_clock::now();
    const bool ok = sandbox.call(0, 0, error, &timedOut);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    BOOST_TEST(!ok);
    BOOST_TEST(timedOut);
    BOOST_TEST(error.find("time limit") != std::string::npos, error);
    // Not before the deadline. No upper bound: on a loaded machine a call may
    // be descheduled for long; that the endless loop returned at all is the proof.
    BOOST_TEST((elapsed >= 200ms));

    // The state is usable afterwards, with a fresh deadline.
    BOOST_REQUIRE(sandbox.load("return 1 + 1", "after", error));
    BOOST_TEST(sandbox.call(0, 1, error));
    BOOST_TEST(lua_tointeger(sandbox.state(), -1) == 2);
}

BOOST_AUTO_TEST_CASE(a_coroutine_made_before_the_call_is_stopped_too) {
    LuaSandbox sandbox(LuaSandbox::Limits{64 * 1024 * 1024, 150ms});
    std::string error;
    BOOST_REQUIRE(sandbox.load("local co = coroutine.wrap(function() while true do end end) return co", "co", error));
    BOOST_REQUIRE(sandbox.call(0, 1, error));
    bool timedOut = false;
    BOOST_TEST(!sandbox.call(0, 0, error, &timedOut));  // calls the coroutine
    BOOST_TEST(timedOut);
}

namespace {
// A host call that blocks past the deadline and cannot be cut short (as a
// face inference in on_authorize), then asks for the deadline to be enforced.
int slowHostCall(lua_State* L) {
    std::this_thread::sleep_for(60ms);
    LuaSandbox::of(L).interruptIfPastDeadline(L);
    return 0;
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_host_call_past_the_deadline_ends_the_call_at_the_next_instruction) {
    LuaSandbox sandbox(LuaSandbox::Limits{64 * 1024 * 1024, 30ms});
    lua_pushcfunction(sandbox.state(), slowHostCall);
    sandbox.declareGlobal("slow");
    std::string error;
    // Far fewer than the 1000 instructions between the count hook's looks at
    // the clock, and a pcall around it: still stopped.
    BOOST_REQUIRE(sandbox.load("pcall(slow) return 'finished'", "late", error));
    bool timedOut = false;
    BOOST_TEST(!sandbox.call(0, 1, error, &timedOut));
    BOOST_TEST(timedOut);
    BOOST_TEST(error.find("time limit") != std::string::npos, error);
    // A call that stays within its deadline is not affected.
    BOOST_REQUIRE(sandbox.load("return 'fast'", "fast", error));
    BOOST_REQUIRE(sandbox.call(0, 1, error));
    BOOST_TEST(std::string(lua_tostring(sandbox.state(), -1)) == "fast");
}

BOOST_AUTO_TEST_CASE(finalizers_are_refused_since_no_hook_runs_inside_them) {
    // Lua runs __gc with hooks off: a looping finalizer would outlive every deadline.
    Probe probe(R"(
        local ok, err = pcall(setmetatable, {}, {__gc = function() while true do end end})
        local mt = {}
        local t = setmetatable({}, mt)
        mt.__gc = function() while true do end end  -- too late: never called
        return {refused = not ok, err = err, plain = getmetatable(t) == mt})");
    const auto run = probe.run();
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("\"refused\":true") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("__gc metamethods are not allowed") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"plain\":true") != std::string::npos, run.resultJson);
}

BOOST_AUTO_TEST_CASE(a_looping_handler_does_not_stop_the_host_and_is_disabled_after_failing_in_a_row) {
    ScriptFixture f;
    f.writeScript("looper", R"(
        passway.on("work", function() while true do pcall(function() while true do end end) end end))");
    f.writeScript("healthy", R"(
        local n = 0
        passway.on("work", function() n = n + 1; passway.kv.set("seen", n) end))");
    f.up();
    BOOST_REQUIRE(f.state("looper") == ScriptState::Running);
    for (int i = 0; i < 3; ++i) f.bus->publish("work", "{}");
    // The healthy script handles all three (each script has its own
    // subscription; that a slow one delays only itself is event_bus_test's).
    BOOST_TEST(waitFor([&] { return f.store->kv().get("script.healthy.kv.seen").value_or("") == "3"; }, 10s));
    // Three deadlines later the looper is failed (max_failures = 3) and stopped.
    BOOST_TEST(waitFor([&] { return f.state("looper") == ScriptState::Failed; }, 5s));
    const auto status = *f.host->status("looper");
    BOOST_TEST(status.errors == 3u);
    BOOST_TEST(status.lastError.find("time limit") != std::string::npos, status.lastError);
    BOOST_TEST(f.state("healthy") == ScriptState::Running);
    // It gets no more events; the others do.
    f.bus->publish("work", "{}");
    BOOST_TEST(waitFor([&] { return f.store->kv().get("script.healthy.kv.seen").value_or("") == "4"; }, 10s));
    // Failed means unsubscribed: the fourth event never reached it.
    BOOST_TEST(waitFor([&] { return f.bus->queued() == 0u; }));
    BOOST_TEST(f.host->status("looper")->errors == 3u);
}

BOOST_AUTO_TEST_CASE(a_memory_bomb_is_stopped_by_the_cap_and_the_script_goes_on) {
    ScriptFixture f;
    f.scriptOptions.memoryBytes = 16 * 1024 * 1024;
    f.writeScript("bomb", R"(
        passway.on("bomb", function()
          local t = {}
          while true do t[#t + 1] = string.rep("x", 1024 * 1024) .. #t end
        end)
        passway.on("ping", function() passway.kv.set("pong", true) end))");
    f.up();
    const auto run = *f.host->testRun("bomb", "bomb", "{}");
    BOOST_TEST(!run.ok);
    BOOST_TEST(run.error.find("not enough memory") != std::string::npos, run.error);
    f.bus->publish("bomb", "{}");
    BOOST_TEST(waitFor([&] { return f.host->status("bomb")->errors == 1u; }, 3s));
    f.bus->publish("ping", "{}");
    BOOST_TEST(waitFor([&] { return f.store->kv().get("script.bomb.kv.pong").has_value(); }, 3s));
    BOOST_TEST(f.host->status("bomb")->memoryBytes < 16u * 1024 * 1024);
}

BOOST_AUTO_TEST_CASE(require_resolves_only_the_lib_folder) {
    ScriptFixture f;
    f.writeLib("shared/util", "return {twice = function(x) return 2 * x end}");
    f.writeScript("user", R"(
        local util = require("shared.util")
        passway.on("t", function(e)
          local ok1, e1 = pcall(require, "../../etc/passwd")
          local ok2, e2 = pcall(require, "os")
          return {twice = util.twice(21), same = require("shared.util") == util, api = require("passway") == passway,
                  traversal = ok1, os = ok2, e2 = e2}
        end))");
    f.up();
    const auto run = *f.host->testRun("user", "t", "{}");
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("\"twice\":42") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"same\":true") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"api\":true") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"traversal\":false") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"os\":false") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("not found") != std::string::npos, run.resultJson);
}

BOOST_AUTO_TEST_CASE(misuse_raises_and_runtime_failures_return_nil_and_a_message) {
    Probe probe(R"(
        local ok, misuse = pcall(passway.outbox.send, {url = "ftp://x"})
        local typo = select(2, pcall(passway.outbox.send, {url = "http://127.0.0.1:1/", bdy = "x"}))
        local res, err = passway.http.request{url = "http://127.0.0.1:1/", timeout = 1}
        local person, perr = passway.persons.get(12345)
        local doc, jerr = passway.json.decode("{bad")
        return {raised = not ok, misuse = misuse, typo = typo, res = res == nil, err = err, person = person == nil,
                perr = perr, doc = doc == nil, jerr = jerr ~= nil})");
    const auto run = probe.run();
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("\"raised\":true") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("http:// or https://") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("unknown field 'bdy'") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"res\":true") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"perr\":\"not found\"") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"jerr\":true") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("\"doc\":true") != std::string::npos, run.resultJson);
}

BOOST_AUTO_TEST_CASE(json_crypto_and_time_give_known_answers) {
    Probe probe(R"(
        local doc = passway.json.decode('{"a":[1,2.5,"x\\u00e9"],"b":null,"c":{"d":true}}')
        return {
          a2 = doc.a[2], a3 = doc.a[3], b = doc.b == nil, d = doc.c.d,
          enc = passway.json.encode({k = {1, 2, 3}}),
          sha = passway.crypto.sha256("abc"),
          md5 = passway.crypto.md5(""),
          hmac = passway.crypto.hmac_sha256("key", "The quick brown fox jumps over the lazy dog"),
          b64 = passway.crypto.base64_encode("passway:secret"),
          fmt = passway.time.format(0, "%Y-%m-%d %H:%M %z", "+08:00"),
          parsed = passway.time.parse("2024-05-01 08:00:00", nil, "utc"),
          wday = passway.time.date(1714550400000, "utc").wday,
        })");
    const auto run = probe.run();
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    const std::string& r = run.resultJson;
    BOOST_TEST(r.find("\"a2\":2.5") != std::string::npos, r);
    BOOST_TEST(r.find("\"a3\":\"x\xc3\xa9\"") != std::string::npos, r);
    BOOST_TEST(r.find("\"b\":true") != std::string::npos, r);
    BOOST_TEST(r.find(R"("enc":"{\"k\":[1,2,3]}")") != std::string::npos, r);
    BOOST_TEST(r.find("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") != std::string::npos, r);
    BOOST_TEST(r.find("d41d8cd98f00b204e9800998ecf8427e") != std::string::npos, r);
    BOOST_TEST(r.find("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8") != std::string::npos, r);
    BOOST_TEST(r.find("cGFzc3dheTpzZWNyZXQ=") != std::string::npos, r);
    BOOST_TEST(r.find("1970-01-01 08:00 +0800") != std::string::npos, r);
    BOOST_TEST(r.find("\"parsed\":1714550400000") != std::string::npos, r);
    BOOST_TEST(r.find("\"wday\":3") != std::string::npos, r);  // 2024-05-01 was a Wednesday
}
