// A script's text through the sandbox: compiled as a text chunk and run
// with a small memory cap and a short deadline, as ScriptHost loads a
// script. Errors (syntax, runtime, memory, time) are expected; a crash, a
// leak or a run far past the deadline is a finding.
// Input: the script source.

#include "script/LuaSandbox.h"

#include <cstdint>
#include <string>

using namespace passway;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    LuaSandbox::Limits limits;
    limits.memoryBytes = 8 * 1024 * 1024;
    limits.deadline = std::chrono::milliseconds(20);
    LuaSandbox sandbox(limits);
    std::string error;
    const std::string source(reinterpret_cast<const char*>(data), size);
    if (!sandbox.load(source, "fuzz.lua", error)) return 0;
    const auto started = std::chrono::steady_clock::now();
    (void)sandbox.call(0, 0, error);
    // Far past the deadline means something ran without the hook looking
    // (a C function that loops): the point of the deadline is lost.
    if (std::chrono::steady_clock::now() - started > std::chrono::seconds(5)) __builtin_trap();
    return 0;
}
