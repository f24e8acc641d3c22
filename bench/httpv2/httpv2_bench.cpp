// httpv2_bench: the httpv2 plugin under terminal load, over 127.0.0.1.
//
// Starts passwayd with the httpv2 plugin in a temporary folder (devices
// auto-activated), or attaches to a running one with --port (plus --pid for
// CPU figures, --admin-port for activation), then measures:
//   1. records/s with 40 KB photos: kept-alive terminals uploading a backlog;
//   2. records/s without photos, the same way;
//   3. latency with 200 terminals uploading at once: each uploads one record
//      with a 40 KB photo at the same instant, for a number of rounds
//      (p50/p99 over all uploads); first each over its open kept-alive
//      connection, then each on a new connection (connect, upload, disconnect);
//   4. host CPU with 10,000 idle terminals on a 15 s keepalive spread evenly:
//      utime+stime of passwayd from /proc/<pid>/stat over the window, as %
//      of one core (after one full interval of warm-up); each keepalive on a
//      new connection (phase "idle");
//   5. the same 10,000 terminals keeping their connection, as seed 002 asks
//      (phase "kept"): every keepalive answered? host CPU and resident memory;
//   6. 50,000 idle kept-alive connections held (phase "hold"): resident
//      memory per connection, and none closed by the host.
// The load generator's own CPU is printed next to each figure. Phases 1 and 2
// drive all terminals from one epoll thread; --generator threads gives each
// terminal its own thread with blocking sockets, as the first generator did.
// --host-build DIR starts DIR/bin/passwayd with DIR/bin/plugins (another
// build tree, say an older commit's) under the same load generator.
//
//   httpv2_bench [--seconds 10] [--terminals 8] [--burst 200] [--rounds 30]
//                [--idle 10000] [--idle-interval 15] [--idle-seconds 45] [--idle-workers 4]
//                [--photo-bytes 40960] [--phases photo,plain,burst,idle,kept,hold]
//                [--kept 10000] [--kept-seconds 45] [--hold 50000] [--hold-seconds 20]
//                [--port P [--pid PID] [--admin-port A]] [--set key=value ...]
//                [--generator epoll|threads] [--host-build DIR]

#include "BenchHost.h"
#include "HostLatency.h"
#include "IdleFleet.h"
#include "KeptAliveFleet.h"
#include "RecordLoad.h"

#include "sim/httpv2/Terminal.h"

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

using namespace passway::bench;
namespace sim = passway::sim::httpv2;

namespace {

struct Settings {
    double seconds = 10;
    int terminals = 8;
    int burst = 200;
    int rounds = 30;
    int idle = 10000;
    int idleInterval = 15;
    int idleSeconds = 45;
    int idleWorkers = 4;
    int kept = 10000;
    int keptSeconds = 45;
    int hold = 50000;
    int holdSeconds = 20;
    std::size_t photoBytes = 40 * 1024;
    bool threadPerTerminal = false;
    std::set<std::string> phases{"photo", "plain", "burst", "idle"};
    HostOptions host;
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "httpv2_bench: " << problem << "\n"
              << "usage: httpv2_bench [--seconds S] [--terminals N] [--burst N] [--rounds N] [--idle N]\n"
              << "                    [--idle-interval S] [--idle-seconds S] [--idle-workers N] [--photo-bytes B]\n"
              << "                    [--phases photo,plain,burst,idle,kept,hold] [--kept N] [--kept-seconds S]\n"
              << "                    [--hold N] [--hold-seconds S] [--port P [--pid PID] [--admin-port A]]\n"
              << "                    [--set key=value ...] [--generator epoll|threads] [--host-build DIR]\n";
    std::exit(2);
}

Settings parse(int argc, char** argv) {
    Settings s;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) usage(flag + " needs a value");
        const std::string value = argv[++i];
        auto number = [&] { return std::stoi(value); };
        if (flag == "--seconds")
            s.seconds = std::stod(value);
        else if (flag == "--terminals")
            s.terminals = number();
        else if (flag == "--burst")
            s.burst = number();
        else if (flag == "--rounds")
            s.rounds = number();
        else if (flag == "--idle")
            s.idle = number();
        else if (flag == "--idle-interval")
            s.idleInterval = number();
        else if (flag == "--idle-seconds")
            s.idleSeconds = number();
        else if (flag == "--idle-workers")
            s.idleWorkers = number();
        else if (flag == "--kept")
            s.kept = number();
        else if (flag == "--kept-seconds")
            s.keptSeconds = number();
        else if (flag == "--hold")
            s.hold = number();
        else if (flag == "--hold-seconds")
            s.holdSeconds = number();
        else if (flag == "--photo-bytes")
            s.photoBytes = static_cast<std::size_t>(std::stoul(value));
        else if (flag == "--port")
            s.host.devicePort = static_cast<std::uint16_t>(number());
        else if (flag == "--admin-port")
            s.host.adminPort = static_cast<std::uint16_t>(number());
        else if (flag == "--pid")
            s.host.pid = number();
        else if (flag == "--set")
            s.host.extraSets.push_back(value);
        else if (flag == "--host-build")
            s.host.buildDir = value;
        else if (flag == "--generator") {
            if (value != "epoll" && value != "threads") usage("--generator is epoll or threads, not " + value);
            s.threadPerTerminal = value == "threads";
        } else if (flag == "--phases") {
            s.phases.clear();
            std::istringstream list(value);
            for (std::string phase; std::getline(list, phase, ',');) s.phases.insert(phase);
        } else {
            usage("unknown option " + flag);
        }
    }
    return s;
}

std::string fixed(double value, int decimals = 1) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// CPU of the host and of this process over a phase, as % of one core.
struct CpuWindow {
    const BenchHost& host;
    double hostStart = host.cpuSeconds();
    double selfStart = selfCpuSeconds();
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

    std::string report() const {
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::string out;
        if (hostStart >= 0)
            out += "passwayd CPU " + fixed(100 * (host.cpuSeconds() - hostStart) / wall) + "% of one core, ";
        out += "load generator CPU " + fixed(100 * (selfCpuSeconds() - selfStart) / wall) + "%";
        return out;
    }
};

// The terminals' requests as the host timed them over a phase (first byte
// read to answer written), from its /metrics: the rest of what the load
// generator measures is the wire and its own threads waiting for a core.
struct HostLatencyWindow {
    static constexpr const char* kListener = "plugin.httpv2";
    const BenchHost& host;
    HostLatency start = HostLatency::parse(host.metrics(), kListener);

    std::string report() const {
        const HostLatency phase = HostLatency::parse(host.metrics(), kListener).since(start);
        if (phase.count() == 0) return "";
        return "    as the host timed them (first byte read to answer written, /metrics buckets): p50 " +
               fixed(phase.percentileMs(50), 1) + " ms, p99 " + fixed(phase.percentileMs(99), 1) + " ms\n";
    }
};

// Makes the host know (and, if needed, activate) terminals 0..count-1 of `load`.
void registerTerminals(const BenchHost& host, const RecordLoad& load, int count) {
    std::vector<int> refused;
    for (int pass = 0; pass < 2; ++pass) {
        refused.clear();
        for (int i = 0; i < count; ++i) {
            sim::TerminalOptions options;
            options.sn = load.sn(i);
            options.port = host.devicePort();
            sim::Terminal terminal(options);
            if (terminal.runSession().keepaliveSuccess != 1) refused.push_back(i);
        }
        if (refused.empty()) return;
        host.activatePending();
    }
    std::cerr << refused.size() << " terminals are refused by the host (activate them or set devices.auto_activate)\n";
}

void printLoad(const std::string& what, const LoadResult& r, const CpuWindow& cpu, const HostLatencyWindow& timed) {
    std::cout << what << ": " << r.ok << " records in " << fixed(r.seconds, 2) << " s = " << fixed(r.perSecond(), 0)
              << " records/s, latency p50 " << fixed(r.percentile(50), 2) << " ms, p99 " << fixed(r.percentile(99), 2)
              << " ms, failed " << r.failed << "; " << cpu.report() << "\n";
    std::cout << timed.report();
    if (!r.firstError.empty()) std::cout << "    first error: " << r.firstError.substr(0, 300) << "\n";
}

// Tens of thousands of connections: this process and passwayd (which
// inherits the limit) need that many descriptors. Root may raise the hard limit.
void raiseDescriptorLimit(int connections) {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    const rlim_t wanted = static_cast<rlim_t>(connections) + 4096;
    if (limit.rlim_max < wanted) limit.rlim_max = wanted;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        getrlimit(RLIMIT_NOFILE, &limit);
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

std::string mib(long long bytes) { return fixed(static_cast<double>(bytes) / (1024.0 * 1024.0)) + " MiB"; }

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    Settings settings = parse(argc, argv);
    const bool manyConnections = settings.phases.count("kept") || settings.phases.count("hold");
    if (manyConnections) {
        raiseDescriptorLimit(std::max(settings.kept, settings.hold));
        // All from a few loopback addresses: lift the per-source and total bounds for the measurement.
        settings.host.extraSets.push_back("net.max_connections_per_source=1000000");
        settings.host.extraSets.push_back("net.max_connections=1000000");
    }
    try {
        BenchHost host(settings.host);
        std::cout << "httpv2_bench: passwayd " << (host.started() ? "started" : "attached") << ", pid " << host.pid()
                  << ", terminals on 127.0.0.1:" << host.devicePort() << ", " << std::thread::hardware_concurrency()
                  << " CPUs shared by host and load generator ("
                  << (settings.threadPerTerminal ? "a thread per terminal" : "one epoll thread") << ")\n";

        const bool throughputPhases = settings.phases.count("photo") || settings.phases.count("plain");
        RecordLoadOptions loadOptions;
        loadOptions.port = host.devicePort();
        loadOptions.snPrefix = "FC-LOAD";
        loadOptions.threadPerTerminal = settings.threadPerTerminal;
        const int needed =
            std::max(throughputPhases ? settings.terminals : 0, settings.phases.count("burst") ? settings.burst : 0);
        if (needed > 0) registerTerminals(host, RecordLoad(loadOptions), needed);

        if (settings.phases.count("photo")) {
            loadOptions.photoBytes = settings.photoBytes;
            const CpuWindow cpu{host};
            const HostLatencyWindow timed{host};
            const auto r = RecordLoad(loadOptions).throughput(settings.terminals, settings.seconds);
            printLoad("records with " + std::to_string(settings.photoBytes / 1024) + " KB photos, " +
                          std::to_string(settings.terminals) + " kept-alive terminals",
                      r, cpu, timed);
        }
        if (settings.phases.count("plain")) {
            loadOptions.photoBytes = 0;
            const CpuWindow cpu{host};
            const HostLatencyWindow timed{host};
            const auto r = RecordLoad(loadOptions).throughput(settings.terminals, settings.seconds);
            printLoad("records without photos, " + std::to_string(settings.terminals) + " kept-alive terminals", r,
                      cpu, timed);
        }
        if (settings.phases.count("burst")) {
            // Each terminal on its kept-alive connection (its session is open), then each on a new one.
            loadOptions.photoBytes = settings.photoBytes;
            for (const bool keepAlive : {true, false}) {
                const CpuWindow cpu{host};
                const HostLatencyWindow timed{host};
                const auto r = RecordLoad(loadOptions).burst(settings.burst, settings.rounds, 100, keepAlive);
                printLoad(std::to_string(settings.burst) + " terminals uploading at once (" +
                              std::to_string(settings.photoBytes / 1024) + " KB photo, " +
                              (keepAlive ? "open connections, " : "connect-upload-disconnect, ") +
                              std::to_string(settings.rounds) + " rounds)",
                          r, cpu, timed);
                std::cout << "    max " << fixed(r.percentile(100), 1) << " ms, " << r.over(100) << " of "
                          << r.latenciesMs.size() << " over 100 ms, " << r.over(1000) << " over 1 s\n";
            }
        }
        if (settings.phases.count("idle")) {
            IdleOptions idle;
            idle.port = host.devicePort();
            idle.terminals = settings.idle;
            idle.interval = std::chrono::seconds(settings.idleInterval);
            idle.workers = settings.idleWorkers;
            IdleFleet fleet(idle);
            const auto registerStart = std::chrono::steady_clock::now();
            const int refused = fleet.registerAll(4, [&] { host.activatePending(); });
            std::cout << "idle fleet: " << settings.idle << " terminals registered (first session each) in "
                      << fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() - registerStart).count())
                      << " s" << (refused ? ", " + std::to_string(refused) + " refused" : "") << "\n";
            fleet.start();
            std::this_thread::sleep_for(std::chrono::seconds(settings.idleInterval));  // one full round of warm-up
            const CpuWindow cpu{host};
            const IdleWindow w = fleet.measure(std::chrono::seconds(settings.idleSeconds));
            std::cout << settings.idle << " idle terminals, keepalive every " << settings.idleInterval
                      << " s: " << w.keepalives << " keepalives in " << fixed(w.seconds)
                      << " s = " << fixed(w.keepalives / w.seconds) << "/s (latency p50 "
                      << fixed(w.latency.percentile(50), 2) << " ms, p99 " << fixed(w.latency.percentile(99), 2)
                      << " ms), failed " << w.failed << ", sessions " << w.sessions << ", late slots " << w.late << "; "
                      << cpu.report() << "\n";
            if (!w.firstError.empty()) std::cout << "    first error: " << w.firstError.substr(0, 300) << "\n";
            fleet.stop();
        }
        if (settings.phases.count("kept")) {
            KeptAliveOptions kept;
            kept.port = host.devicePort();
            kept.connections = settings.kept;
            kept.terminals = settings.kept;
            kept.interval = std::chrono::seconds(settings.idleInterval);
            const long long rssBefore = host.residentBytes();
            KeptAliveFleet fleet(kept);
            const auto connectStart = std::chrono::steady_clock::now();
            const int answered = fleet.connectAll();
            std::cout << "kept-alive fleet: " << settings.kept << " terminals connected, first keepalive answered "
                      << answered << " (registers each) in "
                      << fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() - connectStart).count())
                      << " s; passwayd resident " << mib(rssBefore) << " before\n";
            fleet.start();
            std::this_thread::sleep_for(std::chrono::seconds(settings.idleInterval));  // one full round of warm-up
            const CpuWindow cpu{host};
            const KeptAliveWindow w = fleet.measure(std::chrono::seconds(settings.keptSeconds));
            const std::string cpuText = cpu.report();
            std::cout << settings.kept << " terminals keeping their connection, keepalive every " << settings.idleInterval
                      << " s: " << w.keepalives << " keepalives answered in " << fixed(w.seconds) << " s = "
                      << fixed(w.keepalives / w.seconds) << "/s (latency p50 " << fixed(w.latency.percentile(50), 2)
                      << " ms, p99 " << fixed(w.latency.percentile(99), 2) << " ms, max "
                      << fixed(w.latency.percentile(100), 1) << " ms), failed " << w.failed << ", reconnects "
                      << w.reconnects << "; " << cpuText << "; passwayd resident " << mib(host.residentBytes())
                      << "\n";
            if (!w.firstError.empty()) std::cout << "    first error: " << w.firstError.substr(0, 300) << "\n";
            fleet.stop();
        }
        if (settings.phases.count("hold")) {
            // Each held connection is a descriptor here and one in passwayd;
            // keep some for files, the store and /proc.
            rlimit limit{};
            getrlimit(RLIMIT_NOFILE, &limit);
            if (static_cast<rlim_t>(settings.hold) + 500 > limit.rlim_cur) {
                const int fits = static_cast<int>(limit.rlim_cur) - 500;
                std::cout << "hold: " << settings.hold << " connections need more descriptors than the limit of "
                          << limit.rlim_cur << " (this process and passwayd; raising the hard limit needs "
                          << "CAP_SYS_RESOURCE): holding " << fits << "\n";
                settings.hold = fits;
            }
            KeptAliveOptions hold;
            hold.port = host.devicePort();
            hold.connections = settings.hold;
            hold.terminals = std::min(settings.hold, settings.kept);  // known SNs: no registration per connection
            {
                // The terminals first become known (devices in the store and
                // the plugin's registry), so the memory below is the connections'.
                KeptAliveOptions known = hold;
                known.connections = hold.terminals;
                KeptAliveFleet(known).connectAll();
            }
            std::this_thread::sleep_for(std::chrono::seconds(2));
            const long long rssBefore = host.residentBytes();
            KeptAliveFleet fleet(hold);
            const auto connectStart = std::chrono::steady_clock::now();
            const int answered = fleet.connectAll();
            const double connectSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - connectStart).count();
            const CpuWindow cpu{host};
            const KeptAliveWindow w = fleet.measure(std::chrono::seconds(settings.holdSeconds));  // nothing sent: idle
            const long long rssAfter = host.residentBytes();
            std::cout << settings.hold << " idle kept-alive connections (one keepalive each, " << answered
                      << " answered, in " << fixed(connectSeconds) << " s), held " << fixed(w.seconds)
                      << " s: closed by the host " << w.failed << "; passwayd resident " << mib(rssBefore) << " -> "
                      << mib(rssAfter) << " = " << fixed(static_cast<double>(rssAfter - rssBefore) / settings.hold / 1024.0, 2)
                      << " KiB per connection; idle " << cpu.report() << "\n";
            if (!w.firstError.empty()) std::cout << "    first error: " << w.firstError.substr(0, 300) << "\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "httpv2_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
