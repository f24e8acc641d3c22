#include "script/LuaSandbox.h"

#include "script/PatternGuard.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

namespace passway {

namespace {

constexpr int kHookInstructions = 1000;  // instructions between two looks at the clock
const char* const kTimeoutMessage = "script exceeded its time limit";

// load() for text chunks only: binary chunks bypass the compiler's checks
// and can crash the VM.
int textOnlyLoad(lua_State* L) {
    if (lua_type(L, 1) == LUA_TSTRING) {
        std::size_t size = 0;
        const char* chunk = lua_tolstring(L, 1, &size);
        if (size > 0 && chunk[0] == LUA_SIGNATURE[0]) {
            lua_pushnil(L);
            lua_pushliteral(L, "binary chunks are not allowed");
            return 2;
        }
    }
    const int top = lua_gettop(L);
    // load(chunk, chunkname, mode, env): force mode "t".
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    if (top >= 2) lua_pushvalue(L, 2); else lua_pushnil(L);
    lua_pushliteral(L, "t");
    if (top >= 4) lua_pushvalue(L, 4);
    lua_call(L, top >= 4 ? 4 : 3, LUA_MULTRET);
    return lua_gettop(L) - top;
}

// setmetatable refusing __gc: Lua runs finalizers with hooks switched off,
// so a finalizer could loop past every deadline. (A __gc added to the
// metatable later is never called: Lua marks objects for finalization only
// when their metatable is set.)
int noFinalizerSetmetatable(lua_State* L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        const bool finalizer = lua_rawget(L, 2) != LUA_TNIL;
        lua_pop(L, 1);
        if (finalizer) return luaL_error(L, "setmetatable: __gc metamethods are not allowed in scripts");
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

int undeclaredRead(lua_State* L) {
    const char* name = lua_tostring(L, 2);
    return luaL_error(L, "undeclared global '%s' (declare it with local)", name ? name : "?");
}

int undeclaredWrite(lua_State* L) {
    const char* name = lua_tostring(L, 2);
    return luaL_error(L, "assignment to undeclared global '%s' (declare it with local)", name ? name : "?");
}

int messageHandler(lua_State* L) {
    const char* message = lua_tostring(L, 1);
    if (!message) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, message, 1);
    return 1;
}

} // namespace

LuaSandbox::LuaSandbox(Limits limits) : limits_(limits) {
    L_ = lua_newstate(&LuaSandbox::allocate, this);
    if (!L_) throw std::bad_alloc();
    openLibraries();
    lockGlobals();
    // Always installed: coroutines copy the hook of the thread that creates
    // them, so one created while no call runs is still watched later.
    lua_sethook(L_, &LuaSandbox::countHook, LUA_MASKCOUNT, kHookInstructions);
}

LuaSandbox::~LuaSandbox() {
    if (L_) lua_close(L_);
}

LuaSandbox& LuaSandbox::of(lua_State* L) {
    // The allocator's user data: found without touching the Lua stack, so
    // without an allocation that could fail.
    void* sandbox = nullptr;
    lua_getallocf(L, &sandbox);
    return *static_cast<LuaSandbox*>(sandbox);
}

void* LuaSandbox::allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
    auto* self = static_cast<LuaSandbox*>(ud);
    // osize is the block's size only when ptr is set (else a type tag).
    const std::size_t old = ptr ? osize : 0;
    const std::size_t used = self->used_.load(std::memory_order_relaxed);
    if (nsize == 0) {
        std::free(ptr);
        self->used_.store(used - old, std::memory_order_relaxed);
        return nullptr;
    }
    const bool capped = (self->running_ || self->loading_) && !self->hostCall_;
    if (capped && nsize > old && used + (nsize - old) > self->limits_.memoryBytes) return nullptr;
    void* block = std::realloc(ptr, nsize);
    if (!block) return nullptr;
    self->used_.store(used - old + nsize, std::memory_order_relaxed);
    return block;
}

void LuaSandbox::openLibraries() {
    const luaL_Reg libraries[] = {
        {LUA_GNAME, luaopen_base},         {LUA_COLIBNAME, luaopen_coroutine}, {LUA_TABLIBNAME, luaopen_table},
        {LUA_STRLIBNAME, luaopen_string},  {LUA_MATHLIBNAME, luaopen_math},    {LUA_UTF8LIBNAME, luaopen_utf8},
    };
    for (const auto& library : libraries) {
        luaL_requiref(L_, library.name, library.func, 1);
        lua_pop(L_, 1);
    }
    lua_pushglobaltable(L_);
    for (const char* removed : {"dofile", "loadfile"}) {
        lua_pushnil(L_);
        lua_setfield(L_, -2, removed);
    }
    lua_getfield(L_, -1, "load");
    lua_pushcclosure(L_, textOnlyLoad, 1);
    lua_setfield(L_, -2, "load");
    lua_getfield(L_, -1, "setmetatable");
    lua_pushcclosure(L_, noFinalizerSetmetatable, 1);
    lua_setfield(L_, -2, "setmetatable");
    // string.dump makes binary chunks, which nothing here can load.
    lua_getfield(L_, -1, "string");
    lua_pushnil(L_);
    lua_setfield(L_, -2, "dump");
    installPatternGuard(L_);
    lua_pop(L_, 2);
}

void LuaSandbox::lockGlobals() {
    lua_pushglobaltable(L_);
    lua_newtable(L_);
    lua_pushcfunction(L_, undeclaredRead);
    lua_setfield(L_, -2, "__index");
    lua_pushcfunction(L_, undeclaredWrite);
    lua_setfield(L_, -2, "__newindex");
    lua_pushboolean(L_, 0);
    lua_setfield(L_, -2, "__metatable");  // getmetatable(_G) gives false; setmetatable(_G) fails
    lua_setmetatable(L_, -2);
    lua_pop(L_, 1);
}

void LuaSandbox::declareGlobal(const char* name) {
    lua_pushglobaltable(L_);
    lua_pushstring(L_, name);
    lua_pushvalue(L_, -3);
    lua_rawset(L_, -3);
    lua_pop(L_, 2);
}

bool LuaSandbox::load(const std::string& source, const std::string& chunkName, std::string& error) {
    if (!source.empty() && source[0] == LUA_SIGNATURE[0]) {
        error = "binary chunks are not allowed";
        return false;
    }
    const std::string name = "@" + chunkName;
    loading_ = true;
    const int status = luaL_loadbufferx(L_, source.data(), source.size(), name.c_str(), "t");
    loading_ = false;
    if (status != LUA_OK) {
        const char* message = lua_tostring(L_, -1);
        error = message ? message : "cannot compile";
        lua_pop(L_, 1);
        return false;
    }
    return true;
}

std::chrono::milliseconds LuaSandbox::remaining() const {
    if (!running_) return std::chrono::milliseconds(0);
    const auto left = deadline_ - std::chrono::steady_clock::now();
    return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(left));
}

void LuaSandbox::interruptIfPastDeadline(lua_State* thread) {
    if (!running_ || std::chrono::steady_clock::now() < deadline_) return;
    // The count hook looks at the clock only every kHookInstructions; ask it
    // to look at the next instruction (of the calling thread: hooks are per
    // coroutine), where it raises; and of the main thread, should a
    // coroutine.resume catch the error.
    lua_sethook(thread, &LuaSandbox::countHook, LUA_MASKCOUNT, 1);
    if (thread != L_) lua_sethook(L_, &LuaSandbox::countHook, LUA_MASKCOUNT, 1);
}

void LuaSandbox::countHook(lua_State* L, lua_Debug*) {
    LuaSandbox& self = of(L);
    // Lua code runs, so no host function does (one that raised past its
    // HostCall could not have left the flag set, but be sure: the cap is
    // what stops a memory bomb).
    self.hostCall_ = false;
    if (!self.running_) return;
    if (!self.expired_ && std::chrono::steady_clock::now() < self.deadline_) return;
    self.expired_ = true;
    // From now on every instruction of this thread (main or coroutine) raises
    // again: a pcall around the loop catches one error and is interrupted at
    // its next instruction.
    lua_sethook(L, &LuaSandbox::countHook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
    luaL_error(L, kTimeoutMessage);
}

bool LuaSandbox::call(int nargs, int nresults, std::string& error, bool* timedOut,
                      std::chrono::milliseconds budget) {
    const int base = lua_gettop(L_) - nargs;  // the function's slot
    lua_pushcfunction(L_, messageHandler);
    lua_insert(L_, base);
    const bool nested = running_;
    // A host function calling back into Lua (a handler run from publish):
    // the script's code is capped again while it runs.
    const bool hostCall = hostCall_;
    hostCall_ = false;
    const auto allowed = budget.count() > 0 ? budget : limits_.deadline;
    if (!nested) {
        deadline_ = std::chrono::steady_clock::now() + allowed;
        running_ = true;
        expired_ = false;
    }
    const int status = lua_pcall(L_, nargs, nresults, base);
    hostCall_ = hostCall;
    const bool expired = expired_;
    if (!nested) {
        lua_sethook(L_, &LuaSandbox::countHook, LUA_MASKCOUNT, kHookInstructions);
        running_ = false;
        expired_ = false;
    }
    lua_remove(L_, base);
    if (timedOut) *timedOut = expired;
    if (status == LUA_OK) return true;
    if (expired) {
        error = kTimeoutMessage;
        error += " (" + std::to_string(allowed.count()) + " ms)";
    } else if (status == LUA_ERRMEM) {
        error = "not enough memory (script limit " + std::to_string(limits_.memoryBytes / (1024 * 1024)) + " MB)";
    } else {
        const char* message = lua_tostring(L_, -1);
        error = message ? message : "error";
    }
    lua_pop(L_, 1);
    // Give back what the failed call held, so a memory bomb does not leave
    // the next call starved.
    lua_gc(L_, LUA_GCCOLLECT);
    return false;
}

} // namespace passway
