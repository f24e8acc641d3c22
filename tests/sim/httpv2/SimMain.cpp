// httpv2-sim: runs one or more simulated HTTPv2 terminals against a server,
// for trying a host by hand.
//
//   httpv2-sim --port 8090 [--host 127.0.0.1] [--sn FC-8190H00000001] [--count 1]
//              [--interval 15] [--sessions 0] [--records 0] [--photo FILE]
//              [--example-fields] [--no-gzip] [--trailing-comma] [--tls] [--verbose]
//              [--alarm fire,blacklist] [--clock-offset S]
//
// --count N runs N terminals (SN suffixes 1..N); --sessions 0 runs until
// Ctrl-C; --records queues that many face records (with --photo) per terminal.

#include "sim/httpv2/Terminal.h"

#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace passway::sim::httpv2;

namespace {

volatile std::sig_atomic_t stopRequested = 0;

void onSignal(int) {
    stopRequested = 1;
}

struct Args {
    TerminalOptions options;
    int count = 1;
    int sessions = 0;
    int records = 0;
    std::string photo;
    std::string alarms;  // AlarmStatus its keepalives report from the start
    bool verbose = false;
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "httpv2-sim: " << problem << "\n"
              << "usage: httpv2-sim --port P [--host H] [--sn SN] [--count N] [--interval S] [--sessions N]\n"
              << "                  [--records N] [--photo FILE] [--example-fields] [--no-gzip] [--trailing-comma]\n"
              << "                  [--tls] [--verbose] [--alarm NAMES] [--clock-offset S]\n";
    std::exit(2);
}

Args parse(int argc, char** argv) {
    Args a;
    a.options.port = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(flag + " needs a value");
            return argv[++i];
        };
        if (flag == "--host")
            a.options.host = value();
        else if (flag == "--port")
            a.options.port = static_cast<std::uint16_t>(std::stoi(value()));
        else if (flag == "--sn")
            a.options.sn = value();
        else if (flag == "--count")
            a.count = std::max(1, std::stoi(value()));
        else if (flag == "--interval")
            a.options.keepaliveSeconds = std::max(1, std::stoi(value()));
        else if (flag == "--sessions")
            a.sessions = std::max(0, std::stoi(value()));
        else if (flag == "--records")
            a.records = std::max(0, std::stoi(value()));
        else if (flag == "--photo")
            a.photo = value();
        else if (flag == "--example-fields")
            a.options.wire = WireOptions::exampleFieldNames();
        else if (flag == "--no-gzip")
            a.options.wire.gzipJson = a.options.wire.gzipDetail = false;
        else if (flag == "--trailing-comma")
            a.options.keepaliveTrailingComma = true;
        else if (flag == "--tls")
            a.options.tls = true;
        else if (flag == "--verbose")
            a.verbose = true;
        else if (flag == "--alarm")
            a.alarms = value();
        else if (flag == "--clock-offset")
            a.options.clockOffsetSeconds = std::stoll(value());
        else
            usage("unknown option " + flag);
    }
    if (a.options.port == 0) usage("--port is required");
    return a;
}

void print(const std::string& sn, const SessionReport& r, bool verbose) {
    std::cout << sn << ": keepalive HTTP " << r.keepaliveStatus << " Success " << r.keepaliveSuccess;
    if (!r.keepaliveMessage.empty()) std::cout << " (" << r.keepaliveMessage << ")";
    std::cout << ", " << r.steps.size() << " calls, " << r.recordsUploaded << " records, +" << r.peopleStored
              << " people, " << r.peopleFailed << " failed, -" << r.peopleDeleted;
    if (r.restarted) std::cout << ", restarted";
    if (!r.error.empty()) std::cout << ", error: " << r.error;
    std::cout << "\n";
    if (verbose) {
        for (const auto& step : r.steps) std::cout << "    " << step << "\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    const Args args = parse(argc, argv);
    std::string photo;
    if (!args.photo.empty()) {
        std::ifstream in(args.photo, std::ios::binary);
        if (!in) usage("cannot read " + args.photo);
        photo.assign(std::istreambuf_iterator<char>(in), {});
    }

    std::vector<std::unique_ptr<Terminal>> terminals;
    for (int i = 0; i < args.count; ++i) {
        TerminalOptions options = args.options;
        if (args.count > 1) options.sn += "-" + std::to_string(i + 1);
        auto terminal = std::make_unique<Terminal>(options);
        if (!photo.empty()) terminal->model().setCameraImage(photo);
        if (!args.alarms.empty()) terminal->model().changeDoor([&](DoorState& d) { d.alarmStatus = args.alarms; });
        for (int r = 0; r < args.records; ++r) {
            RecordSpec record;
            record.userId = std::to_string(r % 10 + 1);
            record.name = "user " + record.userId;
            record.photo = photo;
            terminal->addRecord(record);
        }
        terminals.push_back(std::move(terminal));
    }

    // One thread per terminal, each running sessions at its keepalive interval.
    std::vector<std::thread> threads;
    for (auto& terminal : terminals) {
        threads.emplace_back([&, t = terminal.get()] {
            for (int n = 0; !stopRequested && (args.sessions == 0 || n < args.sessions); ++n) {
                print(t->options().sn, t->runSession(), args.verbose);
                const auto until = std::chrono::steady_clock::now() + t->keepaliveInterval();
                while (!stopRequested && std::chrono::steady_clock::now() < until &&
                       (args.sessions == 0 || n + 1 < args.sessions)) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& terminal : terminals) {
        const auto people = terminal->model().people();
        std::cout << terminal->options().sn << ": holds " << people.size() << " people";
        for (const auto& [id, p] : people) {
            std::cout << "\n    " << id << " " << p.name << " photo " << p.photo.size() << " bytes"
                      << (p.photo.empty() ? "" : (p.photoVerified() ? " MD5 ok" : " MD5 MISMATCH"));
        }
        std::cout << "\n";
    }
    return 0;
}
