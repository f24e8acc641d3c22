#include <boost/test/unit_test.hpp>

// Runs the real passwayd binary the way an integrator does and talks to it
// over HTTP on 127.0.0.1.

#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"
#include "support/TempDir.h"

#include <Poco/Net/ServerSocket.h>

#include <filesystem>
#include <fstream>
#include <regex>

using namespace passway::test;
using namespace std::chrono_literals;

namespace {

const std::string kPasswayd = std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd";

struct Site {
    TempDir dir{"passwayd"};
    std::uint16_t port = freePort();

    std::vector<std::string> args(std::vector<std::string> extra = {}) const {
        std::vector<std::string> a{"--set", "http.address=127.0.0.1", "--set", "http.port=" + std::to_string(port),
                                   "--set", std::string("www.dir=") + PASSWAY_SOURCE_DIR + "/www"};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }

    std::unique_ptr<ChildProcess> start(std::vector<std::string> extra = {},
                                        std::map<std::string, std::string> env = {}) const {
        auto process = std::make_unique<ChildProcess>(kPasswayd, args(std::move(extra)), dir.path().string(), env);
        BOOST_REQUIRE_MESSAGE(process->waitForLine("Admin page:", 30s), "passwayd did not start:\n" + process->output());
        return process;
    }

    std::string logFile() const {
        std::ifstream in(dir.file("var/log/passway.log"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
};

std::string personJson(int userId, const std::string& name) {
    return "{\"userId\":" + std::to_string(userId) + ",\"name\":\"" + name + "\"}";
}

} // namespace

BOOST_AUTO_TEST_CASE(version_and_help_exit_cleanly) {
    TempDir dir;
    ChildProcess version(kPasswayd, {"--version"}, dir.path().string());
    BOOST_TEST(version.waitExit(10s).value_or(-1) == 0);
    BOOST_TEST(version.output().find("passwayd ") != std::string::npos);

    ChildProcess help(kPasswayd, {"--help"}, dir.path().string());
    BOOST_TEST(help.waitExit(10s).value_or(-1) == 0);
    const std::string text = help.output();
    BOOST_TEST(text.find("--set") != std::string::npos);
    BOOST_TEST(text.find("--config") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_config_file_is_an_error) {
    TempDir dir;
    ChildProcess process(kPasswayd, {"--config=/nonexistent/passway.ini"}, dir.path().string());
    const auto code = process.waitExit(10s);
    BOOST_REQUIRE(code.has_value());
    BOOST_TEST(*code != 0);
    BOOST_TEST(process.output().find("/nonexistent/passway.ini") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(first_start_without_a_terminal_writes_the_password_to_a_private_file_that_logs_in) {
    // stdout is a pipe here, as under systemd's journal: the password must
    // not be printed, only the path of a file that holds it.
    Site site;
    auto process = site.start();
    const auto line = process->waitForLine("password file:", 5s);
    BOOST_REQUIRE(line.has_value());
    std::smatch match;
    BOOST_REQUIRE(std::regex_search(*line, match, std::regex("password file: (\\S+)")));
    const std::filesystem::path file = match[1].str();
    BOOST_TEST(file.is_absolute());
    BOOST_REQUIRE(std::filesystem::exists(file));
    BOOST_TEST(std::filesystem::equivalent(file, site.dir.file("var/first-admin-password")));
    BOOST_TEST(((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
                (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)));
    std::string password;
    std::getline(std::ifstream(file), password);
    BOOST_TEST(password.size() >= 16u);
    BOOST_TEST(process->output().find(password) == std::string::npos);

    const auto health = httpRequest(site.port, "GET", "/api/v1/health");
    BOOST_TEST(health.status == 200);
    BOOST_TEST(health.json()->getValue<std::string>("status") == "ok");

    const std::string token = login(site.port, "admin", password);
    BOOST_TEST(!token.empty());
    BOOST_TEST(httpRequest(site.port, "GET", "/api/v1/persons").status == 401);
    BOOST_TEST(httpRequest(site.port, "GET", "/api/v1/persons", "", token).status == 200);

    const auto page = httpRequest(site.port, "GET", "/");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body.find("Passway") != std::string::npos);

    process->kill(SIGTERM);
    BOOST_TEST(process->waitExit(20s).value_or(-1) == 0);
    const std::string log = site.logFile();
    BOOST_TEST(log.find("admin page and API at") != std::string::npos);
    BOOST_TEST(log.find(password) == std::string::npos);
    BOOST_TEST(log.find(token) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(first_start_on_a_terminal_prints_the_password_as_before) {
    // script(1) gives passwayd a pseudo-terminal as stdout, as a person's
    // shell does for README's first command; it forwards SIGTERM.
    Site site;
    std::string command = "exec '" + kPasswayd + "'";
    for (const auto& arg : site.args()) command += " '" + arg + "'";
    ChildProcess process("/usr/bin/script", {"-qfec", command, "/dev/null"}, site.dir.path().string());
    const auto line = process.waitForLine("password:", 30s);
    BOOST_REQUIRE_MESSAGE(line.has_value(), "no password printed:\n" + process.output());
    std::smatch match;
    BOOST_REQUIRE(std::regex_search(*line, match, std::regex("password: ([a-z2-9-]+)")));
    const std::string password = match[1];
    BOOST_TEST(password.size() >= 16u);
    BOOST_TEST(!login(site.port, "admin", password).empty());
    BOOST_TEST(!std::filesystem::exists(site.dir.file("var/first-admin-password")));
    process.kill(SIGTERM);
    BOOST_TEST(process.waitExit(20s).has_value());
}

BOOST_AUTO_TEST_CASE(config_file_env_password_set_overrides_and_viewer_gets_403) {
    Site site;
    {
        std::ofstream ini(site.dir.file("site.ini"));
        ini << "[http]\nport = 1\n[log]\nlevel = debug\n";  // port 1 would fail: --set must win
    }
    auto process = site.start({"--config=site.ini"}, {{"PASSWAY_ADMIN_PASSWORD", "correct horse battery"}});
    BOOST_TEST(!process->waitForLine("password:", 200ms).has_value());  // nothing generated, nothing printed

    const std::string admin = login(site.port, "admin", "correct horse battery");
    BOOST_REQUIRE(!admin.empty());
    const auto created = httpRequest(site.port, "POST", "/api/v1/users",
                                     R"({"username":"vera","password":"viewer-pass-123","role":"viewer"})", admin);
    BOOST_TEST(created.status == 201);
    const std::string viewer = login(site.port, "vera", "viewer-pass-123");
    BOOST_REQUIRE(!viewer.empty());

    BOOST_TEST(httpRequest(site.port, "POST", "/api/v1/persons", personJson(7, "Li Lei"), viewer).status == 403);
    BOOST_TEST(httpRequest(site.port, "GET", "/api/v1/persons", "", viewer).status == 200);
    BOOST_TEST(httpRequest(site.port, "POST", "/api/v1/persons", personJson(7, "Li Lei"), admin).status == 201);

    process->kill(SIGTERM);
    BOOST_TEST(process->waitExit(20s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(data_survives_a_graceful_restart) {
    Site site;
    const std::map<std::string, std::string> env{{"PASSWAY_ADMIN_PASSWORD", "restart-secret-42"}};
    {
        auto process = site.start({}, env);
        const std::string admin = login(site.port, "admin", "restart-secret-42");
        BOOST_TEST(httpRequest(site.port, "POST", "/api/v1/persons", personJson(42, "Han Meimei"), admin).status == 201);
        process->kill(SIGINT);
        BOOST_TEST(process->waitExit(20s).value_or(-1) == 0);
    }
    // Second start: the bootstrap password is ignored because an admin exists.
    auto process = site.start({}, {{"PASSWAY_ADMIN_PASSWORD", "another-one"}});
    BOOST_TEST(login(site.port, "admin", "another-one").empty());
    const std::string admin = login(site.port, "admin", "restart-secret-42");
    const auto person = httpRequest(site.port, "GET", "/api/v1/persons/42", "", admin);
    BOOST_TEST(person.status == 200);
    BOOST_TEST(person.json()->getValue<std::string>("name") == "Han Meimei");
    process->kill(SIGTERM);
    BOOST_TEST(process->waitExit(20s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(metrics_are_served_in_prometheus_text) {
    Site site;
    auto process = site.start({}, {{"PASSWAY_ADMIN_PASSWORD", "metrics-pass-1"}});
    httpRequest(site.port, "GET", "/api/v1/health");
    const auto metrics = httpRequest(site.port, "GET", "/metrics");
    BOOST_TEST(metrics.status == 200);
    for (const char* name : {"passway_devices_online", "passway_records_total", "passway_commands_queued",
                             "passway_outbox_pending", "passway_http_requests_total"}) {
        BOOST_TEST_INFO(name);
        BOOST_TEST(metrics.body.find(name) != std::string::npos);
    }
    process->kill(SIGTERM);
    BOOST_TEST(process->waitExit(20s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(an_enabled_plugin_answers_and_a_wrong_api_version_is_refused_while_the_host_runs_on) {
    Site site;
    const std::uint16_t echoPort = freePort();
    auto process = site.start({"--set", std::string("plugins.dir=") + PASSWAY_TEST_PLUGIN_DIR,
                               "--set", "plugins.enabled=test_echo, test_badversion",
                               "--set", "plugin.test_echo.port=" + std::to_string(echoPort),
                               "--set", "plugin.test_echo.greeting=ni hao"},
                              {{"PASSWAY_ADMIN_PASSWORD", "plugin-pass-77"}});

    const auto hello = httpRequest(echoPort, "GET", "/hello");
    BOOST_TEST(hello.status == 200);
    BOOST_TEST(hello.json()->getValue<std::string>("greeting") == "ni hao");
    BOOST_TEST(httpRequest(site.port, "GET", "/api/v1/health").status == 200);

    process->kill(SIGTERM);
    BOOST_TEST(process->waitExit(20s).value_or(-1) == 0);
    const std::string log = site.logFile();
    BOOST_TEST(log.find("test_badversion") != std::string::npos);
    BOOST_TEST(log.find("built for host API 999") != std::string::npos);
    BOOST_TEST(log.find("plugin test_echo stopped and unloaded") != std::string::npos);
}
