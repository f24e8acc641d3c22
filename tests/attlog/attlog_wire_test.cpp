// The tolerant reader: every example of the seed document parses as
// written (single quotes, missing commas, # comments and * remarks), and
// hostile bodies are bounded.
#include "support/SharedData.h"

#include "AttlogConfig.h"
#include "wire/Answer.h"
#include "wire/TolerantJson.h"

#include <Poco/JSON/Array.h>
#include <Poco/Util/MapConfiguration.h>

#include <fstream>

using namespace passway::attlog;
using passway::test::requireData;
using passway::test::sharedDir;

namespace {

const std::string kSeed = "/seeds/000_e5b4b8bc438a0b3b.txt";

struct SeedPresent {
    boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
        return requireData(std::filesystem::exists(sharedDir() + kSeed), "seed 000");
    }
};

// The seed's examples: each top-level {...} block of the document, as written.
std::vector<std::string> seedExamples() {
    std::ifstream in(sharedDir() + kSeed);
    const std::string doc((std::istreambuf_iterator<char>(in)), {});
    std::vector<std::string> blocks;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        if (doc[i] == '{' && depth++ == 0) start = i;
        if (doc[i] == '}' && --depth == 0) blocks.push_back(doc.substr(start, i - start + 1));
    }
    return blocks;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_example_of_the_seed_document_parses_as_written,
                     *boost::unit_test::precondition(SeedPresent())) {
    const auto examples = seedExamples();
    BOOST_REQUIRE_EQUAL(examples.size(), 9u);
    std::vector<Poco::JSON::Object::Ptr> parsed;
    for (const auto& text : examples) {
        Poco::JSON::Object::Ptr object;
        BOOST_CHECK_NO_THROW(object = readJsonObject(text));
        BOOST_REQUIRE_MESSAGE(object, text);
        parsed.push_back(object);
    }
    // New AttLog request and its single-quoted answer {"state" : 'OK', ...}.
    BOOST_CHECK_EQUAL(parsed[0]->getValue<std::string>("token"), "gh_2837e31e28ed");
    BOOST_CHECK_EQUAL(parsed[0]->getObject("record")->getValue<int>("STATUS"), 255);
    BOOST_CHECK_EQUAL(parsed[0]->getObject("record")->getValue<std::string>("RESERVED2"), "0");
    BOOST_CHECK_EQUAL(parsed[1]->getValue<std::string>("state"), "OK");
    BOOST_CHECK_EQUAL(parsed[1]->getValue<std::string>("SN"), "XXXXXXXXXXXXXXX");
    // Sync AttLog: two records and the "...." placeholder.
    BOOST_CHECK_EQUAL(parsed[2]->getArray("records")->size(), 2u);
    BOOST_CHECK_EQUAL(parsed[3]->getValue<std::string>("state"), "OK");
    // Update User Infor request: no comma between "token" and "SN".
    BOOST_CHECK_EQUAL(parsed[4]->getValue<std::string>("SN"), "XXXXXXXXXXXXXXX");
    // Its answer: single-quoted users, a * remark after timeStamp, no commas between the lists.
    const auto users = parsed[5];
    BOOST_CHECK_EQUAL(users->getValue<std::string>("state"), "OK");
    BOOST_CHECK_EQUAL(users->getValue<Poco::Int64>("timeStamp"), 122344556);
    const auto update = users->getArray("update_users");
    BOOST_REQUIRE_EQUAL(update->size(), 1u);
    BOOST_CHECK_EQUAL(update->getObject(0)->getValue<std::string>("Name"), "陈");
    BOOST_CHECK_EQUAL(update->getObject(0)->getValue<std::string>("Pri"), "0");
    BOOST_CHECK_EQUAL(update->getObject(0)->getValue<std::string>("TZ"), "0001000100000000");
    BOOST_CHECK_EQUAL(users->getArray("dele_users")->getObject(0)->getValue<std::string>("Card"), "15895470");
    // Device Command Error Logs: log_data with a Python expression as content.
    const auto log = parsed[6]->getObject("log_data");
    BOOST_CHECK_EQUAL(log->getValue<std::string>("type"), "CMD_FAILED");
    BOOST_CHECK(log->getValue<std::string>("content").rfind("format(", 0) == 0);
    BOOST_CHECK_EQUAL(log->getValue<Poco::Int64>("wTime"), 1213443553);
    // Get Command request (trailing comma) and answer.
    BOOST_CHECK_EQUAL(parsed[7]->getValue<std::string>("SN"), "XXXXXXXXXXXXXXX");
    const auto list = parsed[8]->getObject("cmd_list");
    BOOST_REQUIRE(list);
    BOOST_CHECK_EQUAL(list->getObject("getErroLog")->getValue<std::string>("start"), "s_timeStamp");
    BOOST_CHECK_EQUAL(list->getValue<std::string>("updatestd"), "");
    BOOST_CHECK(list->has("syncAttLog"));
}

BOOST_AUTO_TEST_CASE(strict_json_and_its_escapes_read_as_json) {
    const auto o = readJsonObject(R"({"a":"\u9648\n\"x\"","b":[1,-2.5,true,null],"c":{"d":1e3}})");
    BOOST_CHECK_EQUAL(o->getValue<std::string>("a"), "陈\n\"x\"");
    const auto b = o->getArray("b");
    BOOST_CHECK_EQUAL(b->getElement<int>(0), 1);
    BOOST_CHECK_CLOSE(b->getElement<double>(1), -2.5, 1e-9);
    BOOST_CHECK(b->getElement<bool>(2));
    BOOST_CHECK(b->isNull(3));
    BOOST_CHECK_CLOSE(o->getObject("c")->getValue<double>("d"), 1000.0, 1e-9);
    // Python spellings, bare names, a trailing comma.
    const auto p = readJsonObject("{ok: True, 'none': None, list: ['x', 'y',], }");
    BOOST_CHECK(p->getValue<bool>("ok"));
    BOOST_CHECK(p->isNull("none"));
    BOOST_CHECK_EQUAL(p->getArray("list")->size(), 2u);
}

BOOST_AUTO_TEST_CASE(malformed_and_oversized_bodies_are_refused_with_a_position) {
    BOOST_CHECK_THROW(readJsonObject(""), MalformedJson);
    BOOST_CHECK_THROW(readJsonObject("{\"a\": \"open"), MalformedJson);
    BOOST_CHECK_THROW(readJsonObject("{\"a\" 1}"), MalformedJson);
    BOOST_CHECK_THROW(readJsonObject("[1,2]"), MalformedJson);  // not an object
    BOOST_CHECK_THROW(readJsonObject("{} trailing"), MalformedJson);
    try {
        readJsonObject("{\"a\": ?}");
        BOOST_FAIL("no error");
    } catch (const MalformedJson& e) {
        BOOST_CHECK(std::string(e.what()).find("byte 6") != std::string::npos);
    }
    ReaderLimits limits;
    limits.maxDepth = 8;
    BOOST_CHECK_THROW(readJson(std::string(9, '[') + std::string(9, ']'), limits), MalformedJson);
    BOOST_CHECK_NO_THROW(readJson(std::string(8, '[') + std::string(8, ']'), limits));
    limits.maxValues = 100;
    std::string many = "[";
    for (int i = 0; i < 200; ++i) many += "1,";
    many += "]";
    BOOST_CHECK_THROW(readJson(many, limits), MalformedJson);
    limits.maxBytes = 10;
    BOOST_CHECK_THROW(readJson("{\"abcdefghij\":1}", limits), MalformedJson);
    // A deep body of the default limits does not overflow the stack.
    BOOST_CHECK_THROW(readJson(std::string(100000, '[')), MalformedJson);
}

BOOST_AUTO_TEST_CASE(answers_are_strict_json_in_the_protocol_shape) {
    const auto ok = Answer::ok("ZK01");
    BOOST_CHECK_EQUAL(ok.status, 200);
    BOOST_CHECK_EQUAL(ok.body, R"({"state":"OK","SN":"ZK01"})");
    const auto error = Answer::error(401, "ZK01", "unknown token");
    BOOST_CHECK_EQUAL(error.status, 401);
    BOOST_CHECK_EQUAL(error.body, R"({"state":"ERROR","SN":"ZK01","message":"unknown token"})");
    BOOST_CHECK(error.headers.get("Content-Type").rfind("application/json", 0) == 0);
}

BOOST_AUTO_TEST_CASE(configuration_reads_paths_and_tokens_and_never_quotes_a_token) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
    c->setString("token.north-gate", "gh_2837e31e28ed");
    c->setString("token.south", "another-token-1");
    c->setString("path.users", "/zk/users");
    const auto config = AttlogConfig::read(*c);
    BOOST_CHECK_EQUAL(config.port, 9004);
    BOOST_CHECK_EQUAL(config.paths.users, "/zk/users");
    BOOST_CHECK_EQUAL(config.paths.newLog, "/attlog/new");
    BOOST_CHECK_EQUAL(config.tokens.at("gh_2837e31e28ed"), "north-gate");
    BOOST_CHECK_EQUAL(config.tokens.size(), 2u);

    c->setString("token.copy", "gh_2837e31e28ed");
    try {
        AttlogConfig::read(*c);
        BOOST_FAIL("a shared token was accepted");
    } catch (const std::invalid_argument& e) {
        BOOST_CHECK(std::string(e.what()).find("gh_2837e31e28ed") == std::string::npos);
    }
    c->remove("token.copy");
    c->setString("token.short", "abc");
    BOOST_CHECK_THROW(AttlogConfig::read(*c), std::invalid_argument);
    c->remove("token.short");
    c->setString("path.sync", "/zk/users");
    BOOST_CHECK_THROW(AttlogConfig::read(*c), std::invalid_argument);
    c->setString("path.sync", "no-slash");
    BOOST_CHECK_THROW(AttlogConfig::read(*c), std::invalid_argument);
    c->setString("path.sync", "/zk/sync");
    c->setString("user_confirmation", "sometimes");
    BOOST_CHECK_THROW(AttlogConfig::read(*c), std::invalid_argument);
}
