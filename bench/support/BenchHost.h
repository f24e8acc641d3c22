#pragma once

// The passwayd a benchmark measures: started here in a temporary folder with
// one protocol plugin (devices auto-activated), or an already running one
// given by port (and pid, for CPU figures). CPU time and memory come from
// /proc/<pid>.

#include "support/ChildProcess.h"
#include "support/TempDir.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace passway::bench {

struct HostOptions {
    std::string plugin = "httpv2";
    std::uint16_t devicePort = 0;  // non-zero: attach to a running host
    std::uint16_t adminPort = 0;   // attach: its admin API (for activation); 0: none
    int pid = 0;                   // attach: its process id (CPU figures); 0: none
    std::string password = "httpv2-bench-secret";
    std::vector<std::string> extraSets;  // more --set key=value for a started host
    std::string buildDir;                // a started host's build tree (bin/passwayd, bin/plugins); empty: this one
};

class BenchHost {
public:
    explicit BenchHost(HostOptions options);
    ~BenchHost();

    std::uint16_t devicePort() const { return devicePort_; }
    std::uint16_t adminPort() const { return adminPort_; }
    int pid() const { return pid_; }
    const std::string& password() const { return options_.password; }
    bool started() const { return process_ != nullptr; }

    // utime + stime of the host in seconds; -1 when unknown.
    double cpuSeconds() const;
    // Resident memory of the host in bytes (VmRSS); -1 when unknown.
    long long residentBytes() const;

    // The host's /metrics text; empty without an admin port.
    std::string metrics() const;

    // Activates every pending device through the admin API; returns how many.
    int activatePending() const;

private:
    HostOptions options_;
    std::unique_ptr<test::TempDir> dir_;
    std::unique_ptr<test::ChildProcess> process_;
    std::uint16_t devicePort_ = 0;
    std::uint16_t adminPort_ = 0;
    int pid_ = 0;
};

// This process's own CPU time (user + system) in seconds.
double selfCpuSeconds();

}  // namespace passway::bench
