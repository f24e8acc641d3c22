#pragma once

#include <lua.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

namespace passway {

// One lua_State for one script, built like Redis builds its scripting state
// (src/script_lua.c):
//  - only the base library (without dofile and loadfile, and with a load()
//    that takes text chunks only), string, table, math, utf8 and coroutine;
//    io, os, package and debug are never opened;
//  - setmetatable refuses a metatable with __gc: Lua runs finalizers with
//    hooks off, so no deadline could stop one;
//  - the globals table refuses reads and writes of names that are not
//    declared (scripts use locals);
//  - memory is capped by the allocator while script code runs or compiles:
//    an allocation over the cap fails and Lua raises "not enough memory".
//    Not while a host function (passway.*, HostCall) runs: there a refused
//    allocation would longjmp through C++ frames that own memory, so the
//    host function finishes, its C++ objects are destroyed, and only then
//    does its wrapper (lua::guarded) raise if the cap was passed. Outside
//    calls (the host pushing an event before a call) nothing is refused
//    either: a memory error there would have no pcall to land in and would
//    abort the process;
//  - every call has a wall-clock deadline checked by a count hook; past it
//    the hook switches to firing on every instruction and raises an error
//    each time, so a pcall that catches it is interrupted again at once and
//    the error reaches the host.
class LuaSandbox {
public:
    struct Limits {
        std::size_t memoryBytes = 64 * 1024 * 1024;
        std::chrono::milliseconds deadline{200};
    };

    explicit LuaSandbox(Limits limits);
    ~LuaSandbox();
    LuaSandbox(const LuaSandbox&) = delete;
    LuaSandbox& operator=(const LuaSandbox&) = delete;

    lua_State* state() const { return L_; }
    const Limits& limits() const { return limits_; }

    // Compiles a text chunk and leaves the function on the stack; on failure
    // returns false with the message in `error` and leaves nothing.
    bool load(const std::string& source, const std::string& chunkName, std::string& error);

    // lua_pcall with the deadline armed (`budget`, or the default one): the
    // function and `nargs` arguments are on the stack. On failure returns
    // false with the message (and a traceback) in `error`; `timedOut` tells
    // whether the deadline ended it. The results are left on the stack.
    bool call(int nargs, int nresults, std::string& error, bool* timedOut = nullptr,
              std::chrono::milliseconds budget = std::chrono::milliseconds(0));

    // Time a host function spent waiting (a network call) is given back to
    // the running call, so that only the script's own work counts.
    void extendDeadline(std::chrono::steady_clock::duration by) { deadline_ += by; }
    // After a blocking host call that may have run past the deadline (one
    // that cannot be cut short, unlike an HTTP timeout): when it has passed,
    // the script's next instruction raises the time-limit error, as the
    // count hook would at its next look at the clock.
    void interruptIfPastDeadline(lua_State* thread);
    bool running() const { return running_; }  // a call is in progress
    // Remaining time of the call in progress (zero when none).
    std::chrono::milliseconds remaining() const;

    std::size_t memoryUsed() const { return used_.load(std::memory_order_relaxed); }

    // Declares a global (the only way one comes into being).
    void declareGlobal(const char* name);  // pops the value from the stack

    static LuaSandbox& of(lua_State* L);   // the sandbox that owns L (or a coroutine of it)

    // While one lives, the running host function may allocate past the cap
    // (see above). Nested calls into Lua (LuaSandbox::call) are capped again.
    class HostCall {
    public:
        explicit HostCall(lua_State* L) : sandbox_(of(L)), previous_(sandbox_.hostCall_) { sandbox_.hostCall_ = true; }
        ~HostCall() { sandbox_.hostCall_ = previous_; }
        HostCall(const HostCall&) = delete;
        HostCall& operator=(const HostCall&) = delete;

    private:
        LuaSandbox& sandbox_;
        bool previous_;
    };
    // True when the script holds more than its cap (after a host call).
    bool overMemoryCap() const { return memoryUsed() > limits_.memoryBytes; }

private:
    static void* allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize);
    static void countHook(lua_State* L, lua_Debug* ar);
    void openLibraries();
    void lockGlobals();

    Limits limits_;
    lua_State* L_ = nullptr;
    // Written only by the thread running the state; atomic so that the
    // admin API may read it meanwhile.
    std::atomic<std::size_t> used_{0};
    std::chrono::steady_clock::time_point deadline_{};
    bool running_ = false;
    bool expired_ = false;
    bool loading_ = false;   // compiling a chunk in load(): capped
    bool hostCall_ = false;  // a host function runs: not capped (HostCall)
};

} // namespace passway
