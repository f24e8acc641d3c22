// passway.records.query{...}, passway.devices.list() / get(id),
// passway.commands.queue(deviceId, kind [, args]), passway.kv.get/set/remove.

#include "script/api/Api.h"

#include "bus/EventBus.h"
#include "passway/Events.h"
#include "script/LuaApi.h"
#include "script/LuaJson.h"
#include "script/Script.h"
#include "store/Store.h"

#include <regex>

namespace passway::api {

namespace {

void pushRecord(lua_State* L, const Record& r) {
    lua_createtable(L, 0, 12);
    lua::setInteger(L, "id", r.id);
    lua::setInteger(L, "deviceId", r.deviceId);
    lua::setString(L, "deviceRecordId", r.deviceRecordId);
    if (r.userId) lua::setInteger(L, "userId", *r.userId);
    lua::setInteger(L, "deviceTime", r.deviceTime);
    lua::setInteger(L, "receivedTime", r.receivedTime);
    lua::setString(L, "verifyType", r.verifyType);
    lua::setString(L, "direction", r.direction);
    if (r.temperature) lua::setNumber(L, "temperature", *r.temperature);
    if (!r.photoBlob.empty()) lua::setString(L, "photo", r.photoBlob);
    lua::setString(L, "result", r.result);
    lua::setString(L, "reason", r.reason);
    if (!r.card.empty()) lua::setString(L, "card", r.card);
}

// query{from, to, deviceId, userId, verifyType, result, offset, limit} →
// array (newest first), total
int queryRecords(lua_State* L) {
    Script& script = Script::of(L);
    const char* what = "passway.records.query";
    RecordQuery query;
    query.limit = 100;
    if (!lua_isnoneornil(L, 1)) {
        lua::checkTable(L, 1, what);
        lua::onlyKeys(L, 1, {"from", "to", "deviceId", "userId", "verifyType", "result", "offset", "limit"}, what);
        query.from = lua::fieldInteger(L, 1, "from", what);
        query.to = lua::fieldInteger(L, 1, "to", what);
        query.deviceId = lua::fieldInteger(L, 1, "deviceId", what);
        if (auto user = lua::fieldInteger(L, 1, "userId", what)) query.userId = static_cast<std::uint32_t>(*user);
        query.verifyType = lua::fieldString(L, 1, "verifyType", what).value_or("");
        query.result = lua::fieldString(L, 1, "result", what).value_or("");
        query.offset = static_cast<int>(std::max<std::int64_t>(0, lua::fieldInteger(L, 1, "offset", what).value_or(0)));
        query.limit = static_cast<int>(std::clamp<std::int64_t>(lua::fieldInteger(L, 1, "limit", what).value_or(100), 1, 1000));
    }
    Page<Record> page;
    try {
        page = script.services().store.records().query(query);
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    lua_createtable(L, static_cast<int>(page.items.size()), 0);
    for (std::size_t i = 0; i < page.items.size(); ++i) {
        pushRecord(L, page.items[i]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_pushinteger(L, page.total);
    return 2;
}

void pushDevice(lua_State* L, const Device& d) {
    lua_createtable(L, 0, 10);
    lua::setInteger(L, "id", d.id);
    lua::setString(L, "protocol", d.protocol);
    lua::setString(L, "serial", d.serial);
    lua::setString(L, "name", d.name);
    lua::setString(L, "state", toString(d.state));
    lua::setBoolean(L, "online", d.online);
    lua::setInteger(L, "lastSeen", d.lastSeen);
    lua::setString(L, "address", d.address);
    lua_createtable(L, static_cast<int>(d.accessGroups.size()), 0);
    for (std::size_t i = 0; i < d.accessGroups.size(); ++i) {
        lua_pushlstring(L, d.accessGroups[i].data(), d.accessGroups[i].size());
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_setfield(L, -2, "accessGroups");
}

int listDevices(lua_State* L) {
    std::vector<Device> devices;
    try {
        devices = Script::of(L).services().store.devices().list();
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    lua_createtable(L, static_cast<int>(devices.size()), 0);
    for (std::size_t i = 0; i < devices.size(); ++i) {
        pushDevice(L, devices[i]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    return 1;
}

int getDevice(lua_State* L) {
    const auto id = lua::checkInteger(L, 1, "passway.devices.get: id");
    std::optional<Device> device;
    try {
        device = Script::of(L).services().store.devices().find(id);
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    if (!device) return lua::fail(L, "not found");
    pushDevice(L, *device);
    return 1;
}

// queue(deviceId, kind [, args]) → command id; publishes command.queued.
int queueCommand(lua_State* L) {
    Script& script = Script::of(L);
    const auto deviceId = lua::checkInteger(L, 1, "passway.commands.queue: deviceId");
    const std::string kind = lua::checkString(L, 2, "passway.commands.queue: kind");
    static const std::regex kKind("[a-z0-9_.]{1,64}");
    if (!std::regex_match(kind, kKind)) throw lua::Misuse("passway.commands.queue: kind must be 1-64 of a-z 0-9 _ .");
    std::string args = "{}";
    if (!lua_isnoneornil(L, 3)) {
        lua::checkTable(L, 3, "passway.commands.queue: args");
        args = lua::toJson(L, 3);
        if (args == "[]" || args.front() != '{') throw lua::Misuse("passway.commands.queue: args must be an object");
    }
    try {
        auto& store = script.services().store;
        const auto device = store.devices().find(deviceId);
        if (!device) return lua::fail(L, "no such device");
        if (device->state == DeviceState::Disabled) return lua::fail(L, "the device is disabled");
        Command command;
        command.deviceId = deviceId;
        command.kind = kind;
        command.args = args;
        command.createdBy = "script:" + script.name();
        Command queued;
        store.atomically([&] {  // the command and its event: one fact
            queued = store.commands().queue(command);
            const auto event = events::commandQueued(queued);
            script.services().bus.publish(event.topic, event.payload, "script:" + script.name());
        });
        lua_pushinteger(L, queued.id);
        return 1;
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
}

// The script's own keys: script.<name>.kv.<key>, values kept as JSON.
std::string kvKey(lua_State* L, const char* what) {
    const std::string key = lua::checkString(L, 1, what);
    static const std::regex kKey("[A-Za-z0-9_.:-]{1,128}");
    if (!std::regex_match(key, kKey)) throw lua::Misuse(std::string(what) + ": 1-128 of A-Z a-z 0-9 _ . : -");
    return "script." + Script::of(L).name() + ".kv." + key;
}

int kvGet(lua_State* L) {
    const std::string key = kvKey(L, "passway.kv.get: key");
    std::optional<std::string> value;
    try {
        value = Script::of(L).services().store.kv().get(key);
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    if (!value) {
        lua_pushnil(L);
        return 1;
    }
    try {
        lua::pushJson(L, *value);
    } catch (const std::exception&) {
        lua_pushlstring(L, value->data(), value->size());
    }
    return 1;
}

int kvSet(lua_State* L) {
    if (lua_isnone(L, 2)) throw lua::Misuse("passway.kv.set: value expected");
    const std::string key = kvKey(L, "passway.kv.set: key");
    const std::string value = lua::toJson(L, 2);
    if (value.size() > 1024 * 1024) throw lua::Misuse("passway.kv.set: value over 1 MiB as JSON");
    try {
        Script::of(L).services().store.kv().set(key, value);
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    lua_pushboolean(L, 1);
    return 1;
}

int kvRemove(lua_State* L) {
    const std::string key = kvKey(L, "passway.kv.remove: key");
    try {
        lua_pushboolean(L, Script::of(L).services().store.kv().remove(key) ? 1 : 0);
    } catch (const std::exception& e) {
        return lua::fail(L, e.what());
    }
    return 1;
}

} // namespace

void openStore(lua_State* L) {
    const luaL_Reg records[] = {{"query", lua::guarded<queryRecords>}, {nullptr, nullptr}};
    lua::newLibrary(L, records);
    lua_setfield(L, -2, "records");
    const luaL_Reg devices[] = {{"list", lua::guarded<listDevices>}, {"get", lua::guarded<getDevice>}, {nullptr, nullptr}};
    lua::newLibrary(L, devices);
    lua_setfield(L, -2, "devices");
    const luaL_Reg commands[] = {{"queue", lua::guarded<queueCommand>}, {nullptr, nullptr}};
    lua::newLibrary(L, commands);
    lua_setfield(L, -2, "commands");
    const luaL_Reg kv[] = {
        {"get", lua::guarded<kvGet>}, {"set", lua::guarded<kvSet>}, {"remove", lua::guarded<kvRemove>}, {nullptr, nullptr}};
    lua::newLibrary(L, kv);
    lua_setfield(L, -2, "kv");
}

} // namespace passway::api
