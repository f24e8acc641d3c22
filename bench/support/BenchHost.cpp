#include "BenchHost.h"

#include "support/HttpClient.h"
#include "support/Loopback.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace passway::bench {

namespace {

using namespace std::chrono_literals;

using test::freePort;
using test::listening;

}  // namespace

BenchHost::BenchHost(HostOptions options) : options_(std::move(options)) {
    if (options_.devicePort != 0) {
        devicePort_ = options_.devicePort;
        adminPort_ = options_.adminPort;
        pid_ = options_.pid;
        return;
    }
    dir_ = std::make_unique<test::TempDir>(options_.plugin + "-bench");
    adminPort_ = freePort();
    devicePort_ = freePort();
    const std::string build = options_.buildDir.empty() ? std::string(PASSWAY_BINARY_DIR) : options_.buildDir;
    const std::string plugins = options_.buildDir.empty() ? std::string(PASSWAY_PLUGIN_DIR) : build + "/bin/plugins";
    std::vector<std::string> args{"--set", "http.address=127.0.0.1",
                                  "--set", "http.port=" + std::to_string(adminPort_),
                                  "--set", std::string("www.dir=") + PASSWAY_SOURCE_DIR + "/www",
                                  "--set", "plugins.dir=" + plugins,
                                  "--set", "plugins.enabled=" + options_.plugin,
                                  "--set", "plugin." + options_.plugin + ".port=" + std::to_string(devicePort_),
                                  "--set", "devices.auto_activate=true"};
    for (const auto& set : options_.extraSets) {
        args.push_back("--set");
        args.push_back(set);
    }
    process_ = std::make_unique<test::ChildProcess>(
        build + "/bin/passwayd", args, dir_->path().string(),
        std::map<std::string, std::string>{{"PASSWAY_ADMIN_PASSWORD", options_.password}});
    if (!process_->waitForLine("Admin page:", 60s)) {
        throw std::runtime_error("passwayd did not start:\n" + process_->output());
    }
    for (int i = 0; i < 100 && !listening(devicePort_); ++i) std::this_thread::sleep_for(100ms);
    if (!listening(devicePort_)) throw std::runtime_error("the " + options_.plugin + " plugin does not listen:\n" + process_->output());
    pid_ = process_->pid();
}

BenchHost::~BenchHost() {
    if (process_ && process_->running()) {
        process_->kill(SIGTERM);
        process_->waitExit(30s);
    }
}

double BenchHost::cpuSeconds() const {
    if (pid_ == 0) return -1;
    std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return -1;
    // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int index = 3; fields >> field; ++index) {
        if (index == 14) utime = std::stoull(field);
        if (index == 15) {
            stime = std::stoull(field);
            break;
        }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long long BenchHost::residentBytes() const {
    if (pid_ == 0) return -1;
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;  // "VmRSS:   1234 kB"
    }
    return -1;
}

std::string BenchHost::metrics() const {
    if (adminPort_ == 0) return {};
    const auto reply = test::httpRequest(adminPort_, "GET", "/metrics", "", "");
    return reply.status == 200 ? reply.body : std::string();
}

int BenchHost::activatePending() const {
    if (adminPort_ == 0) return 0;
    const std::string token = test::login(adminPort_, "admin", options_.password);
    if (token.empty()) return 0;
    int activated = 0;
    for (int offset = 0;; offset += 500) {
        const auto page = test::httpRequest(adminPort_, "GET",
                                            "/api/v1/devices?limit=500&offset=" + std::to_string(offset), "", token);
        if (page.status != 200) break;
        const auto items = page.json()->getArray("items");
        for (unsigned i = 0; i < items->size(); ++i) {
            const auto device = items->getObject(i);
            if (device->getValue<std::string>("state") != "pending") continue;
            const auto id = std::to_string(device->getValue<std::int64_t>("id"));
            if (test::httpRequest(adminPort_, "POST", "/api/v1/devices/" + id + "/activate", "", token).status == 200)
                ++activated;
        }
        if (items->size() < 500) break;
    }
    return activated;
}

double selfCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace passway::bench
