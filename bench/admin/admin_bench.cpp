// admin_bench: requests per second of the admin API over loopback.
//
// Starts a real AdminServer on a temporary SQLite store (persons seeded
// through the Store), logs in once, then for each endpoint runs N client
// threads, each with its own keep-alive HTTP session, for a few seconds, and
// prints requests/second and latency percentiles.
//
//   admin_bench [--threads N] [--seconds S] [--persons P] [--server-threads T]

#include "admin/AdminBootstrap.h"
#include "admin/AdminServer.h"
#include "bus/EventBus.h"
#include "store/BlobStore.h"
#include "store/sqlite/SqliteStore.h"
#include "util/Metrics.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace passway;
using SteadyClock = std::chrono::steady_clock;  // not passway::Clock (AdminServer.h declares it)

namespace {

struct Settings {
    int threads = 4;
    int seconds = 3;
    int persons = 1000;
    int serverThreads = 16;
};

Settings parse(int argc, char** argv) {
    Settings s;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const int value = std::max(1, std::atoi(argv[i + 1]));
        if (flag == "--threads") s.threads = value;
        else if (flag == "--seconds") s.seconds = value;
        else if (flag == "--persons") s.persons = value;
        else if (flag == "--server-threads") s.serverThreads = value;
        else {
            std::cerr << "unknown option " << flag << "\n";
            std::exit(2);
        }
    }
    return s;
}

int get(Poco::Net::HTTPClientSession& session, const std::string& path, const std::string& token, std::string& body) {
    Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    if (!token.empty()) request.set("Authorization", "Bearer " + token);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    body.clear();
    Poco::StreamCopier::copyToString(in, body);
    return response.getStatus();
}

std::string login(std::uint16_t port, const std::string& password) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest request("POST", "/api/v1/auth/login", Poco::Net::HTTPMessage::HTTP_1_1);
    const std::string body = R"({"username":"admin","password":")" + password + "\"}";
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::string reply;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), reply);
    if (response.getStatus() != 200) throw std::runtime_error("login failed: " + reply);
    return Poco::JSON::Parser().parse(reply).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("token");
}

struct Result {
    std::uint64_t requests = 0;
    std::uint64_t errors = 0;
    std::vector<double> latenciesMs;
};

void run(const std::string& label, std::uint16_t port, const std::string& path, const std::string& token,
         const Settings& settings) {
    std::vector<Result> results(settings.threads);
    std::vector<std::thread> workers;
    std::atomic<bool> go{false};
    const auto duration = std::chrono::seconds(settings.seconds);
    for (int t = 0; t < settings.threads; ++t) {
        workers.emplace_back([&, t] {
            Poco::Net::HTTPClientSession session("127.0.0.1", port);
            session.setKeepAlive(true);
            session.setTimeout(Poco::Timespan(10, 0));
            std::string body;
            Result& r = results[t];
            r.latenciesMs.reserve(200000);
            while (!go.load()) std::this_thread::yield();
            const auto end = SteadyClock::now() + duration;
            while (SteadyClock::now() < end) {
                const auto start = SteadyClock::now();
                try {
                    const int status = get(session, path, token, body);
                    if (status == 200) ++r.requests; else ++r.errors;
                } catch (const std::exception&) {
                    ++r.errors;
                    session.reset();
                }
                r.latenciesMs.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
            }
        });
    }
    const auto started = SteadyClock::now();
    go = true;
    for (auto& w : workers) w.join();
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();

    Result all;
    for (auto& r : results) {
        all.requests += r.requests;
        all.errors += r.errors;
        all.latenciesMs.insert(all.latenciesMs.end(), r.latenciesMs.begin(), r.latenciesMs.end());
    }
    std::sort(all.latenciesMs.begin(), all.latenciesMs.end());
    auto pct = [&](double p) {
        return all.latenciesMs.empty() ? 0.0 : all.latenciesMs[std::min(all.latenciesMs.size() - 1,
                                                                        std::size_t(p * all.latenciesMs.size()))];
    };
    std::printf("%-32s %3d threads  %8llu ok  %5llu errors  %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms\n",
                label.c_str(), settings.threads, static_cast<unsigned long long>(all.requests),
                static_cast<unsigned long long>(all.errors), all.requests / seconds, pct(0.50), pct(0.99));
}

} // namespace

int main(int argc, char** argv) {
    const Settings settings = parse(argc, argv);
    Poco::Logger::root().setLevel("warning");
    const auto dir = std::filesystem::temp_directory_path() / ("passway-admin-bench-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    int rc = 0;
    try {
        Metrics metrics;
        SqliteOptions storeOptions;
        storeOptions.path = (dir / "passway.db").string();
        auto store = openSqliteStore(storeOptions);
        BlobStore blobs((dir / "blobs").string());
        EventBus bus;
        const std::string password = "bench-admin-password";
        AdminBootstrap::ensureFirstAdmin(*store, password);

        for (int i = 1; i <= settings.persons; ++i) {
            Person p;
            p.userId = static_cast<std::uint32_t>(i);
            p.name = "Person " + std::to_string(i);
            p.code = "E" + std::to_string(10000 + i);
            p.department = i % 2 ? "Operations" : "Engineering";
            p.accessGroups = {"lobby"};
            p.credentials = {{"card", std::to_string(900000 + i), "", 0}};
            store->persons().save(p);
        }

        AdminOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.maxThreads = settings.serverThreads;
        AdminServer server(*store, blobs, bus, metrics, options);
        server.start();
        const std::string token = login(server.port(), password);

        std::printf("admin_bench: %d persons seeded, %d client threads, %d s per endpoint, %d server threads, %u cores\n",
                    settings.persons, settings.threads, settings.seconds, settings.serverThreads,
                    std::thread::hardware_concurrency());
        run("GET /api/v1/health", server.port(), "/api/v1/health", "", settings);
        // auth/me: token check + user lookup + a tiny answer, i.e. the fixed cost of an authenticated request.
        run("GET /api/v1/auth/me", server.port(), "/api/v1/auth/me", token, settings);
        run("GET /api/v1/persons?limit=20", server.port(), "/api/v1/persons?limit=20", token, settings);
        server.stop();
        bus.shutdown();
    } catch (const std::exception& e) {
        std::cerr << "admin_bench: " << e.what() << "\n";
        rc = 1;
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    return rc;
}
