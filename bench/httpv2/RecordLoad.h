#pragma once

// Record uploads against a host, as terminals make them:
//  - throughput: N terminals with a backlog, each on its own kept-alive
//    connection (keepalive first, then one /Record/UploadIdentifyRecord after
//    another), for a number of seconds;
//  - burst: N terminals that each get a punch at the same instant and upload
//    it, either each on a fresh connection (connect, upload, disconnect) or
//    each on its kept-alive connection; repeated for a number of rounds.
// Every record has a fresh RecordID and a photo that differs from every other
// (the host's blob store is content-addressed; equal photos would be free).

#include <cstdint>
#include <string>
#include <vector>

namespace passway::bench {

struct LoadResult {
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
    double seconds = 0;
    std::vector<double> latenciesMs;
    std::string firstError;

    double perSecond() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
    double percentile(double p) const;  // of latenciesMs, 0..100
    std::size_t over(double ms) const;  // how many latencies exceed `ms`
};

struct RecordLoadOptions {
    std::uint16_t port = 0;
    std::string snPrefix = "FC-BENCH";
    std::size_t photoBytes = 40 * 1024;  // 0: no photo
    bool gzipDetail = true;
    // throughput(): a thread per terminal with blocking sockets (the first
    // generator) instead of one epoll thread for all. On a two-core machine
    // shared with the host the 200 threads took about two fifths of a core
    // and woke each answer's thread through the scheduler, both counted
    // against the host; kept to compare with numbers taken that way.
    bool threadPerTerminal = false;
};

class RecordLoad {
public:
    explicit RecordLoad(RecordLoadOptions options) : options_(std::move(options)) {}

    // `terminals` kept-alive uploaders for `seconds`.
    LoadResult throughput(int terminals, double seconds) const;
    // `terminals` upload at once, `rounds` times, `gapMs` apart; `keepAlive`:
    // each over its open connection, else connect-upload-disconnect.
    LoadResult burst(int terminals, int rounds, int gapMs, bool keepAlive) const;

    // The SN of terminal i (the benchmark registers them first).
    std::string sn(int i) const;

private:
    LoadResult throughputThreads(int terminals, double seconds) const;
    LoadResult throughputEpoll(int terminals, double seconds) const;

    RecordLoadOptions options_;
};

// A JPEG-framed photo of `bytes` bytes (SOI, APP0 JFIF, comment segments of
// incompressible bytes, EOI) whose bytes 20..27 are `serial`.
std::string benchPhoto(std::size_t bytes, std::uint64_t serial);
void stampPhoto(std::string& photo, std::uint64_t serial);

}  // namespace passway::bench
