// passway.blobs.get(sha256) → bytes, or nil, err: a stored photo or
// template by its content hash, e.g. a person's `photo` or a record's
// `photo`, to hand to passway.face.*. Read-only. A blob is read only up to
// kMaxBlob, so one call cannot take most of the script's memory cap; a
// string that is not 64 hex digits is misuse (it raises).

#include "script/api/Api.h"

#include "script/LuaApi.h"
#include "script/Script.h"
#include "store/BlobStore.h"

#include <cctype>

namespace passway::api {

namespace {

constexpr std::uint64_t kMaxBlob = 8 * 1024 * 1024;

bool isSha256(const std::string& s) {
    if (s.size() != 64) return false;
    for (const char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
    }
    return true;
}

int get(lua_State* L) {
    Script& script = Script::of(L);
    std::string sha = lua::checkString(L, 1, "passway.blobs.get: sha256");
    for (char& c : sha) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!isSha256(sha)) throw lua::Misuse("passway.blobs.get: sha256 must be 64 hex digits");
    BlobStore* blobs = script.services().blobs;
    if (!blobs) return lua::fail(L, "this host has no blob store");
    std::optional<std::string> bytes;
    try {
        const auto size = blobs->size(sha);
        if (!size) return lua::fail(L, "not found");
        if (*size > kMaxBlob) {
            return lua::fail(L, "blob of " + std::to_string(*size) + " bytes, over the 8 MiB a script may read");
        }
        bytes = blobs->get(sha);
    } catch (const std::exception& e) {
        script.logger().warning("passway.blobs.get: " + std::string(e.what()));
        return lua::fail(L, e.what());
    }
    if (!bytes) return lua::fail(L, "not found");
    lua_pushlstring(L, bytes->data(), bytes->size());
    return 1;
}

} // namespace

void openBlobs(lua_State* L) {
    const luaL_Reg functions[] = {{"get", lua::guarded<get>}, {nullptr, nullptr}};
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "blobs");
}

} // namespace passway::api
