#pragma once

// The passway.* API, one file per module. Each open* function adds its
// sub-table (or functions) to the `passway` table on top of the stack.
// Functions document their syntax and where they may be called in README.md
// ("Lua scripts").

#include <lua.hpp>

namespace passway::api {

void openEvents(lua_State* L);   // passway.on, on_authorize, script, config.get, publish
void openLog(lua_State* L);      // passway.log.debug/info/warn/error
void openJson(lua_State* L);     // passway.json.encode/decode/null
void openCrypto(lua_State* L);   // passway.crypto.sha256/hmac_sha256/md5/base64_encode/base64_decode
void openTime(lua_State* L);     // passway.time.now/format/parse/date/offset
void openHttp(lua_State* L);     // passway.http.request
void openOutbox(lua_State* L);   // passway.outbox.send, passway.sms.send
void openPersons(lua_State* L);  // passway.persons.get/find/upsert/remove
void openStore(lua_State* L);    // passway.records.query, devices.list/get, commands.queue, kv.get/set/remove
void openTimer(lua_State* L);    // passway.timer.every/at/cron/cancel
void openFiles(lua_State* L);    // passway.files.write
void openFace(lua_State* L);     // passway.face.detect/verify/identify/available
void openBlobs(lua_State* L);    // passway.blobs.get
void openRequire(lua_State* L);  // the globals require and print (not in passway)

} // namespace passway::api
