#pragma once

// A real PostgreSQL 15 for tests: initdb into a temporary folder, a server on
// a free 127.0.0.1 port (and a unix socket in that folder), stopped and
// removed with this object.
//
// initdb and postgres refuse to run as root, and tests run as root in CI:
// as root, the folder is given to the unprivileged user `nobody` and both
// programs run through `setpriv --reuid=nobody` (which execs, so the child
// we hold is the postmaster itself and stopping it needs no extra process).
// As any other user they run directly. The settings are for tests only:
// fsync=off, no full page writes. Without the binaries, available() is false
// and the caller skips (exit 77).
//
// Tests link libpq (PostgreSQL::PostgreSQL), Poco::Foundation and Poco::Net.

#include "support/ChildProcess.h"
#include "support/Loopback.h"
#include "support/TempDir.h"

#include <libpq-fe.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace passway::test {

class PostgresServer {
public:
    // PASSWAY_PG_BIN overrides where initdb and postgres are looked for.
    static std::string binDir() {
        const char* dir = std::getenv("PASSWAY_PG_BIN");
        return dir && *dir ? dir : "/usr/lib/postgresql/15/bin";
    }

    static bool available() {
        namespace fs = std::filesystem;
        return fs::exists(fs::path(binDir()) / "initdb") && fs::exists(fs::path(binDir()) / "postgres") &&
               (::geteuid() != 0 || fs::exists("/usr/bin/setpriv"));
    }

    PostgresServer() {
        const std::string data = dir_.file("data");
        if (::geteuid() == 0) {
            giveToNobody(dir_.path());
        }
        initialise(data);
        for (int attempt = 0; attempt < 3 && !server_; ++attempt) {
            port_ = freePort();
            launch(attempt == 2);
        }
        run("CREATE DATABASE passway");
    }

    ~PostgresServer() { stop(); }

    // Stops the server (fast shutdown: clients are disconnected), as a
    // database outage does; start() brings it back on the same port.
    void stop() {
        if (!server_) return;
        server_->kill(SIGINT);
        if (!server_->waitExit(std::chrono::seconds(20))) server_->kill(SIGKILL);
        server_.reset();
    }

    void start() {
        if (!server_) launch(true);
    }

    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    std::uint16_t port() const { return port_; }

    // A URL of the test database; with `schema`, one whose tables live in
    // that schema (search_path), so each test case starts from nothing
    // without the cost of a database of its own.
    std::string url(const std::string& schema = "") const {
        std::string url = "postgresql://passway:not-a-secret@127.0.0.1:" + std::to_string(port_) + "/passway";
        if (!schema.empty()) url += "?options=-csearch_path%3D" + schema;
        return url;
    }

    // A new, empty schema; returns the URL of the store inside it.
    std::string freshStoreUrl() {
        const std::string schema = "store_" + std::to_string(++schemas_);
        run("CREATE SCHEMA " + schema, url());
        return url(schema);
    }

    // Runs statements (no parameters) as the superuser; throws on failure.
    void run(const std::string& sql, const std::string& where = "") const {
        PGconn* conn = PQconnectdb((where.empty() ? adminUrl() : where).c_str());
        std::string error;
        if (PQstatus(conn) != CONNECTION_OK) {
            error = PQerrorMessage(conn);
        } else {
            PGresult* result = PQexec(conn, sql.c_str());
            const auto status = PQresultStatus(result);
            if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) error = PQresultErrorMessage(result);
            PQclear(result);
        }
        PQfinish(conn);
        if (!error.empty()) throw std::runtime_error("postgres: " + sql + ": " + error);
    }

private:
    // Starts the postmaster on port_ and waits until it answers. Returns
    // quietly when it exited instead (e.g. the port was taken meanwhile),
    // unless `last`: then that is an error.
    void launch(bool last) {
        auto server = std::make_unique<ChildProcess>(
            program("postgres"),
            arguments("postgres", {"-D", dir_.file("data"), "-k", dir_.path().string(), "-p", std::to_string(port_),
                                   "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                                   "full_page_writes=off", "-c", "max_connections=100", "-c", "shared_buffers=32MB"}),
            dir_.path().string());
        eventually([&] { return ping() || server->waitExit(std::chrono::milliseconds(1)).has_value(); },
                   std::chrono::seconds(60));
        if (ping()) server_ = std::move(server);
        else if (last) throw std::runtime_error("postgres did not start:\n" + server->output());
    }

    std::string adminUrl() const {
        return "postgresql://passway@127.0.0.1:" + std::to_string(port_) + "/postgres";
    }

    bool ping() const { return PQping(adminUrl().c_str()) == PQPING_OK; }

    // initdb takes seconds, a copy of its result a fraction of one: the first
    // test program of a build keeps a pristine copy in the build folder
    // (tests/postgresql-initdb), the others start from it. Two programs that
    // both find none both run initdb; the first rename wins, nothing breaks.
    void initialise(const std::string& data) {
        namespace fs = std::filesystem;
        const fs::path cache = cacheDir();
        if (!cache.empty() && fs::exists(cache / "PG_VERSION")) {
            if (shell("cp -a '" + cache.string() + "' '" + data + "'") == 0) return;
            std::error_code ignored;
            fs::remove_all(data, ignored);
        }
        ChildProcess initdb(program("initdb"),
                            arguments("initdb", {"-D", data, "-U", "passway", "-A", "trust", "-E", "UTF8",
                                                 "--locale=C", "--no-sync", "--no-instructions"}),
                            dir_.path().string());
        const auto code = initdb.waitExit(std::chrono::seconds(120));
        if (code != 0) throw std::runtime_error("initdb failed:\n" + initdb.output());
        if (cache.empty()) return;
        const std::string staging = cache.string() + ".tmp-" + std::to_string(::getpid());
        if (shell("cp -a '" + data + "' '" + staging + "'") == 0) {
            std::error_code failed;
            fs::rename(staging, cache, failed);  // fails when another program was first: fine
        }
        std::error_code ignored;
        fs::remove_all(staging, ignored);
    }

    static std::filesystem::path cacheDir() {
#ifdef PASSWAY_BINARY_DIR
        return std::filesystem::path(PASSWAY_BINARY_DIR) / "tests" / "postgresql-initdb";
#else
        return {};
#endif
    }

    static int shell(const std::string& command) { return std::system((command + " 2>/dev/null").c_str()); }

    static void giveToNobody(const std::filesystem::path& path) {
        const std::string command = "chown nobody:nogroup '" + path.string() + "'";
        if (shell(command) != 0) throw std::runtime_error("cannot " + command);
    }

    static std::string program(const std::string& name) {
        return ::geteuid() == 0 ? "/usr/bin/setpriv" : binDir() + "/" + name;
    }

    static std::vector<std::string> arguments(const std::string& name, std::vector<std::string> args) {
        if (::geteuid() != 0) return args;
        std::vector<std::string> wrapped{"--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                         binDir() + "/" + name};
        wrapped.insert(wrapped.end(), args.begin(), args.end());
        return wrapped;
    }

    TempDir dir_{"passway-pg"};
    std::unique_ptr<ChildProcess> server_;
    std::uint16_t port_ = 0;
    int schemas_ = 0;
};

// The one server of a test program, started at first use. Exits 77 (CTest:
// skipped) where PostgreSQL is not installed; under CI=true it fails.
inline PostgresServer& postgresForTests() {
    static std::unique_ptr<PostgresServer> server = [] {
        if (!PostgresServer::available()) {
            // Under CI=true a skip fails, as for missing shared data.
            const char* ci = std::getenv("CI");
            const bool underCi = ci && std::string(ci) == "true";
            std::cerr << "skipped: PostgreSQL 15 not found in " << PostgresServer::binDir()
                      << " (Debian: apt-get install postgresql-15)" << (underCi ? "; CI=true: this fails the run" : "")
                      << "\n";
            std::exit(underCi ? 1 : 77);
        }
        return std::make_unique<PostgresServer>();
    }();
    return *server;
}

} // namespace passway::test
