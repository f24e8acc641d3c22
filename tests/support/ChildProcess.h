#pragma once

// Runs a program as a child with its stdout and stderr captured line by line,
// for tests that exercise a real passwayd or a writer that gets SIGKILLed.

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#ifndef _WIN32
#include <sys/wait.h>
#endif

namespace passway::test {

class ChildProcess {
public:
    ChildProcess(const std::string& program, const std::vector<std::string>& args, const std::string& workDir,
                 const std::map<std::string, std::string>& env = {}) {
        Poco::Process::Env environment(env.begin(), env.end());
        handle_.emplace(Poco::Process::launch(program, args, workDir, nullptr, &out_, &out_, environment));
        reader_ = std::thread([this] { readLines(); });
    }

    ~ChildProcess() {
        if (running()) kill(SIGKILL);
        waitExit(std::chrono::seconds(10));
        if (reader_.joinable()) reader_.join();
    }

    // Waits until a line containing `needle` was printed; returns that line.
    std::optional<std::string> waitForLine(const std::string& needle, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        std::optional<std::string> found;
        changed_.wait_for(lock, timeout, [&] {
            for (const auto& line : lines_) {
                if (line.find(needle) != std::string::npos) {
                    found = line;
                    return true;
                }
            }
            return eof_;
        });
        return found;
    }

    std::vector<std::string> lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }

    std::string output() const {
        std::string all;
        for (const auto& line : lines()) all += line + "\n";
        return all;
    }

    int pid() const { return handle_->id(); }
    bool running() const { return !exitCode_ && Poco::Process::isRunning(*handle_); }

    void kill(int signal) {
#ifndef _WIN32
        ::kill(handle_->id(), signal);
#else
        Poco::Process::kill(*handle_);
#endif
    }

    // The exit code (or 128 + signal), or nullopt if it did not exit in time.
    std::optional<int> waitExit(std::chrono::milliseconds timeout) {
        if (exitCode_) return exitCode_;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
#ifndef _WIN32
            int status = 0;
            const pid_t r = ::waitpid(handle_->id(), &status, WNOHANG);
            if (r == handle_->id()) {
                exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                // All it printed is read once its end of the pipe is closed.
                if (reader_.joinable()) reader_.join();
                return exitCode_;
            }
#else
            if (!Poco::Process::isRunning(*handle_)) {
                exitCode_ = handle_->wait();
                if (reader_.joinable()) reader_.join();
                return exitCode_;
            }
#endif
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return std::nullopt;
    }

private:
    void readLines() {
        Poco::PipeInputStream in(out_);
        std::string line;
        while (std::getline(in, line)) {
            std::lock_guard lock(mutex_);
            lines_.push_back(line);
            changed_.notify_all();
        }
        std::lock_guard lock(mutex_);
        eof_ = true;
        changed_.notify_all();
    }

    Poco::Pipe out_;
    std::optional<Poco::ProcessHandle> handle_;
    std::thread reader_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> lines_;
    bool eof_ = false;
    std::optional<int> exitCode_;
};

} // namespace passway::test
