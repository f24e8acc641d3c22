#include <boost/test/unit_test.hpp>

// The real passwayd with store.url pointing at a real PostgreSQL that this
// program starts (support/PostgresServer.h; skipped, 77, without one): it
// serves health and the admin API from it, keeps what it stored across a
// restart, never shows the database password, and answers health 503 while
// the database is gone, recovering by itself when it is back.

#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"
#include "support/PostgresServer.h"
#include "support/TempDir.h"

#include <filesystem>
#include <fstream>

using namespace passway::test;
using namespace std::chrono_literals;

namespace {

const std::string kPasswayd = std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd";

struct PgSite {
    PostgresServer& database = postgresForTests();
    std::string url = database.freshStoreUrl();
    TempDir dir{"passwayd-pg"};
    std::uint16_t port = freePort();

    std::unique_ptr<ChildProcess> start() const {
        std::vector<std::string> args{"--set", "http.address=127.0.0.1", "--set", "http.port=" + std::to_string(port),
                                      "--set", std::string("www.dir=") + PASSWAY_SOURCE_DIR + "/www",
                                      "--set", "store.url=" + url, "--set", "store.connect_timeout_s=2"};
        auto process = std::make_unique<ChildProcess>(kPasswayd, args, dir.path().string());
        BOOST_REQUIRE_MESSAGE(process->waitForLine("Admin page:", 30s), "passwayd did not start:\n" + process->output());
        return process;
    }

    std::string password() const {
        std::string password;
        std::getline(std::ifstream(dir.file("var/first-admin-password")), password);
        return password;
    }

    std::string logFile() const {
        std::ifstream in(dir.file("var/log/passway.log"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
};

int healthStatus(std::uint16_t port) {
    try {
        return httpRequest(port, "GET", "/api/v1/health").status;
    } catch (const std::exception&) {
        return 0;
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(passwayd_runs_on_postgresql_and_keeps_its_data_across_a_restart) {
    PgSite site;
    auto process = site.start();
    const auto health = httpRequest(site.port, "GET", "/api/v1/health");
    BOOST_TEST(health.status == 200);
    BOOST_TEST(health.json()->getValue<std::string>("store") == "postgresql");

    BOOST_REQUIRE(eventually([&] { return !site.password().empty(); }, 10s));
    const std::string token = login(site.port, "admin", site.password());
    BOOST_REQUIRE(!token.empty());
    BOOST_TEST(httpRequest(site.port, "POST", "/api/v1/persons", R"({"userId":7,"name":"Li Lei"})", token).status ==
               201);

    process->kill(SIGTERM);
    BOOST_TEST(process->waitExit(20s).value_or(-1) == 0);
    const std::string output = process->output() + site.logFile();
    BOOST_TEST(output.find("not-a-secret") == std::string::npos);  // the password of store.url
    BOOST_TEST(output.find("store postgresql:") != std::string::npos);

    // Another start on the same database: the admin user and the person are there.
    auto again = site.start();
    const std::string token2 = login(site.port, "admin", site.password());
    BOOST_REQUIRE(!token2.empty());
    const auto person = httpRequest(site.port, "GET", "/api/v1/persons/7", "", token2);
    BOOST_TEST(person.status == 200);
    BOOST_TEST(person.body.find("Li Lei") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(health_is_503_while_the_database_is_gone_and_recovers_by_itself) {
    PgSite site;
    auto process = site.start();
    BOOST_TEST(healthStatus(site.port) == 200);

    site.database.stop();
    BOOST_TEST(eventually([&] { return healthStatus(site.port) == 503; }, 20s));
    site.database.start();
    BOOST_TEST(eventually([&] { return healthStatus(site.port) == 200; }, 20s));
    BOOST_TEST(process->running());
}
