#include <boost/test/unit_test.hpp>

// Lua errors at the C boundary of the passway.* API. The Lua library is C:
// an error is a longjmp, and one that crossed a C++ frame owning memory
// would leak it (or leave a lock held). Each kind of failing API call is
// made 10,000 times inside pcall; the counts and messages are checked here,
// and the leaks by LeakSanitizer when this program is built in the fuzz
// build (build-fuzz, ASan+UBSan: fuzz/README.md), which CI runs.

#include "script/ScriptFixture.h"

#include <Poco/JSON/Parser.h>

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

constexpr int kRounds = 10000;

// The script: one handler that makes each kind of failing call kRounds
// times inside pcall and returns, per kind, how many failed and the last
// message. The strings are long enough that the C++ copies the host makes
// of them live on the heap (where a skipped destructor shows as a leak).
const char* const kScript = R"LUA(
local long = string.rep("x", 100)
local raising = setmetatable({}, {__tostring = function() error("tostring refused") end})

local kinds = {
  -- a wrong argument: Misuse thrown by an argument reader
  argument = function() return passway.crypto.sha256({}) end,
  -- thrown halfway through building a C++ string
  json_encode = function() return passway.json.encode({long, long, function() end}) end,
  -- thrown with a std::map of headers and a request object alive
  http_headers = function()
    return passway.http.request({url = "http://127.0.0.1:1/", headers = {["X-A"] = long, ["X:B"] = long}})
  end,
  -- thrown after options were read into C++ strings
  outbox_unknown_option = function() return passway.outbox.send({url = "http://127.0.0.1:1/" .. long, bogus = 1}) end,
  -- a missing value after the key was read
  kv_set = function() return passway.kv.set(long) end,
  -- script code (a __tostring) raising inside an API call
  log_tostring = function() return passway.log.info(long, raising) end,
  print_tostring = function() return print(long, raising) end,
  -- the module loader raising
  require_name = function() return require("bad name " .. long) end,
}

local function failures(f, rounds)
  local failed, last = 0, nil
  for _ = 1, rounds do
    local ok, err = pcall(f)
    if not ok then failed = failed + 1; last = err end
  end
  return failed, last
end

-- The script's memory filled to its cap, then a host call whose result
-- does not fit: the host must finish (its C++ string destroyed) before the
-- memory error is raised. Nothing in the loop allocates but the call.
local function memoryFailures(rounds)
  local head = nil
  local function addString(size) head = {head, string.rep("f", size)} end
  local function addNode() head = {head} end
  for _, size in ipairs({65536, 4096, 256}) do
    while pcall(addString, size) do end
  end
  while pcall(addNode) do end
  local failed, last = 0, nil
  local encode = passway.json.encode
  for _ = 1, rounds do
    local ok, err = pcall(encode, long)
    if not ok then failed = failed + 1; last = err end
  end
  head = nil
  collectgarbage()
  return failed, last
end

passway.on("t", function(event)
  local result = {}
  for name, f in pairs(kinds) do
    local failed, last = failures(f, event.rounds)
    result[name] = {failed = failed, last = tostring(last)}
  end
  local failed, last = memoryFailures(event.rounds)
  result.memory = {failed = failed, last = tostring(last)}
  return result
end)
)LUA";

struct Boundary : ScriptFixture {
    Boundary() {
        // Room for the rounds under ASan on a busy machine; the memory
        // kind fills the cap, so keep it small.
        scriptOptions.deadline = 300s;
        scriptOptions.memoryBytes = 4 * 1024 * 1024;
        writeScript("boundary", kScript);
        up();
        BOOST_REQUIRE_MESSAGE(state("boundary") == ScriptState::Running, host->status("boundary")->lastError);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(every_kind_of_failing_api_call_inside_pcall_10000_times) {
    Boundary f;
    const auto run = *f.host->testRun("boundary", "t", "{\"rounds\":" + std::to_string(kRounds) + "}");
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    const auto result = Poco::JSON::Parser().parse(run.resultJson).extract<Poco::JSON::Object::Ptr>();
    const std::pair<const char*, const char*> expected[] = {
        {"argument", "string expected"},
        {"json_encode", "cannot encode a function"},
        {"http_headers", "line breaks are not allowed"},
        {"outbox_unknown_option", "unknown field 'bogus'"},
        {"kv_set", "value expected"},
        {"log_tostring", "tostring refused"},
        {"print_tostring", "tostring refused"},
        {"require_name", "bad module name"},
        {"memory", "not enough memory"},
    };
    for (const auto& [kind, message] : expected) {
        BOOST_TEST_CONTEXT(kind) {
            const auto entry = result->getObject(kind);
            BOOST_REQUIRE(entry);
            BOOST_TEST(entry->getValue<int>("failed") == kRounds);
            BOOST_TEST(entry->getValue<std::string>("last").find(message) != std::string::npos,
                       entry->getValue<std::string>("last"));
        }
    }
    // The script goes on afterwards, under its cap.
    BOOST_TEST(f.host->status("boundary")->memoryBytes < 4u * 1024 * 1024);
}

BOOST_AUTO_TEST_CASE(json_encode_refuses_a_text_over_the_memory_cap) {
    ScriptFixture f;
    f.scriptOptions.memoryBytes = 8 * 1024 * 1024;
    // One 1 MiB string held 64 times: 64 MiB of text from 1 MiB of Lua memory.
    f.writeScript("wide", R"(
        passway.on("t", function()
          local big = string.rep("y", 1024 * 1024)
          local t = {}
          for i = 1, 64 do t[i] = big end
          local ok, err = pcall(passway.json.encode, t)
          local small = passway.json.encode({big:sub(1, 10)})
          return {ok = ok, err = tostring(err), small = small}
        end))");
    f.up();
    const auto run = *f.host->testRun("wide", "t", "{}");
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("\"ok\":false") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("over the script's memory limit (8 MB)") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find(R"("small":"[\"yyyyyyyyyy\"]")") != std::string::npos, run.resultJson);
}

BOOST_AUTO_TEST_CASE(a_result_over_the_cap_is_a_memory_error_after_the_call_not_a_crash) {
    ScriptFixture f;
    f.scriptOptions.memoryBytes = 8 * 1024 * 1024;
    // 3 MiB held, a 6 MiB text made by the host: the text fits the encoder's
    // bound but not the script's memory once pushed.
    f.writeScript("over", R"(
        passway.on("t", function()
          local big = string.rep("z", 3 * 1024 * 1024)
          local ok, err = pcall(passway.json.encode, {big, big})
          return {ok = ok, err = tostring(err)}
        end))");
    f.up();
    const auto run = *f.host->testRun("over", "t", "{}");
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    BOOST_TEST(run.resultJson.find("\"ok\":false") != std::string::npos, run.resultJson);
    BOOST_TEST(run.resultJson.find("not enough memory") != std::string::npos, run.resultJson);
}
