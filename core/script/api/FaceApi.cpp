// passway.face: detect(image), verify(a, b), identify(image [, top_k]),
// available(). Images are JPEG or PNG bytes as Lua strings (e.g. from
// passway.blobs.get). The calls go through the host's FaceService, which
// queues the inference on its own worker pool: the script's thread only
// waits, and a full queue answers "busy" at once (the interactive path, as
// for the admin API). Runtime failures (no models, busy, bad image, no face)
// return nil, message, code (the FaceError code: face_unavailable, busy,
// bad_image, no_face, ...); misuse raises.
//
// Deadline: like passway.http.request, the time spent waiting for the
// service is given back to the call, except in on_authorize, where the
// device's deadline bounds everything: a call made with no time left fails
// at once, and one that ran past it (inference cannot be cut short, unlike an
// HTTP timeout) ends the handler with the time-limit error as it returns.

#include "script/api/Api.h"

#include "passway/FaceService.h"
#include "script/LuaApi.h"
#include "script/Script.h"

#include <chrono>
#include <cmath>

namespace passway::api {

namespace {

int failWith(lua_State* L, const std::string& message, const std::string& code) {
    lua_pushnil(L);
    lua_pushlstring(L, message.data(), message.size());
    lua_pushlstring(L, code.data(), code.size());
    return 3;
}

std::string imageArg(lua_State* L, int index, const char* what) {
    if (lua_type(L, index) != LUA_TSTRING) {
        throw lua::Misuse(std::string(what) + ": image bytes (a string) expected, got " + luaL_typename(L, index));
    }
    std::size_t size = 0;
    const char* bytes = lua_tolstring(L, index, &size);
    return std::string(bytes, size);
}

double tenth(float v) { return std::round(double(v) * 10.0) / 10.0; }
double rounded(float score) { return std::round(double(score) * 10000.0) / 10000.0; }

// {box = {x, y, width, height}, score, landmarks = {{x, y} × 5}}: the shape
// of the admin API's faces (right eye, left eye, nose, right and left mouth
// corner), so a script can pass one on as JSON unchanged.
void pushFace(lua_State* L, const DetectedFace& face) {
    lua_createtable(L, 0, 3);
    lua_createtable(L, 0, 4);
    lua::setNumber(L, "x", tenth(face.x));
    lua::setNumber(L, "y", tenth(face.y));
    lua::setNumber(L, "width", tenth(face.width));
    lua::setNumber(L, "height", tenth(face.height));
    lua_setfield(L, -2, "box");
    lua::setNumber(L, "score", std::round(double(face.score) * 1000.0) / 1000.0);
    lua_createtable(L, static_cast<int>(face.landmarks.size()), 0);
    for (std::size_t i = 0; i < face.landmarks.size(); ++i) {
        lua_createtable(L, 2, 0);
        lua_pushnumber(L, tenth(face.landmarks[i].x));
        lua_rawseti(L, -2, 1);
        lua_pushnumber(L, tenth(face.landmarks[i].y));
        lua_rawseti(L, -2, 2);
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_setfield(L, -2, "landmarks");
}

// Runs `call` (which pushes its results and returns their count) with the
// deadline rules above and the FaceError → nil, message, code mapping.
template <typename Call>
int faceCall(lua_State* L, const char* what, Call call) {
    Script& script = Script::of(L);
    FaceService* face = script.services().face;
    if (!face) return failWith(L, "this host has no face service", "face_unavailable");
    if (script.inAuthorize() && script.sandbox().remaining().count() <= 0) {
        return failWith(L, "no time left before the device's deadline", "timeout");
    }
    const auto started = std::chrono::steady_clock::now();
    const auto giveBack = [&] {
        if (script.inAuthorize()) {
            script.sandbox().interruptIfPastDeadline(L);
        } else {
            script.sandbox().extendDeadline(std::chrono::steady_clock::now() - started);
        }
    };
    try {
        if (!face->available()) return failWith(L, "face service unavailable: " + face->status(), "face_unavailable");
        auto pushResults = call(*face);
        giveBack();
        return pushResults();
    } catch (const FaceError& e) {
        giveBack();
        // Images the service could not read, or its own faults, are worth a
        // line; no face, busy and unavailable are answers the script handles.
        if (e.kind() == FaceError::Kind::BadImage || e.kind() == FaceError::Kind::Internal) {
            script.logger().information(std::string(what) + ": " + e.code() + ": " + e.what());
        }
        return failWith(L, e.what(), e.code());
    }
}

// detect(image) → array of faces, largest first (empty when there is none)
int detect(lua_State* L) {
    const std::string image = imageArg(L, 1, "passway.face.detect");
    return faceCall(L, "passway.face.detect", [&](FaceService& face) {
        auto faces = face.detect(image);
        return [L, faces = std::move(faces)] {
            lua_createtable(L, static_cast<int>(faces.size()), 0);
            for (std::size_t i = 0; i < faces.size(); ++i) {
                pushFace(L, faces[i]);
                lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
            }
            return 1;
        };
    });
}

// verify(a, b) → {score, same, threshold, a = face, b = face} (the largest
// face of each image)
int verify(lua_State* L) {
    const std::string a = imageArg(L, 1, "passway.face.verify: a");
    const std::string b = imageArg(L, 2, "passway.face.verify: b");
    return faceCall(L, "passway.face.verify", [&](FaceService& face) {
        auto result = face.verify(a, b);
        const float threshold = face.matchThreshold();
        return [L, result = std::move(result), threshold] {
            lua_createtable(L, 0, 5);
            lua::setNumber(L, "score", rounded(result.score));
            lua::setBoolean(L, "same", result.same);
            lua::setNumber(L, "threshold", rounded(threshold));
            pushFace(L, result.a);
            lua_setfield(L, -2, "a");
            pushFace(L, result.b);
            lua_setfield(L, -2, "b");
            return 1;
        };
    });
}

// identify(image [, top_k]) → array of {userId, score} at or above the
// threshold, best first (top_k 1…100, default 5), and the face searched
int identify(lua_State* L) {
    const std::string image = imageArg(L, 1, "passway.face.identify");
    const auto topK = lua::optInteger(L, 2, "passway.face.identify: top_k").value_or(5);
    if (topK < 1 || topK > 100) throw lua::Misuse("passway.face.identify: top_k must be 1…100");
    return faceCall(L, "passway.face.identify", [&](FaceService& face) {
        auto result = face.identify(image, static_cast<std::size_t>(topK));
        return [L, result = std::move(result)] {
            lua_createtable(L, static_cast<int>(result.matches.size()), 0);
            for (std::size_t i = 0; i < result.matches.size(); ++i) {
                lua_createtable(L, 0, 2);
                lua::setInteger(L, "userId", result.matches[i].userId);
                lua::setNumber(L, "score", rounded(result.matches[i].score));
                lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
            }
            pushFace(L, result.face);
            return 2;
        };
    });
}

// available() → true, "ok" | false, reason
int available(lua_State* L) {
    FaceService* face = Script::of(L).services().face;
    if (!face) {
        lua_pushboolean(L, 0);
        lua_pushstring(L, "this host has no face service");
        return 2;
    }
    const bool up = face->available();
    const std::string status = face->status();
    lua_pushboolean(L, up ? 1 : 0);
    lua_pushlstring(L, status.data(), status.size());
    return 2;
}

} // namespace

void openFace(lua_State* L) {
    const luaL_Reg functions[] = {{"detect", lua::guarded<detect>},
                                  {"verify", lua::guarded<verify>},
                                  {"identify", lua::guarded<identify>},
                                  {"available", lua::guarded<available>},
                                  {nullptr, nullptr}};
    lua::newLibrary(L, functions);
    lua_setfield(L, -2, "face");
}

} // namespace passway::api
