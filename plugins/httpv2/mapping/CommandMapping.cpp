#include "mapping/CommandMapping.h"

#include "wire/JsonFields.h"
#include "wire/ProtocolError.h"
#include "wire/TolerantJson.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <cctype>
#include <map>

namespace passway::httpv2 {

namespace {

using Object = Poco::JSON::Object;

Object::Ptr object() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

struct Invalid {
    std::string message;
};

const std::map<std::string, int, std::less<>>& doorModes() {
    static const std::map<std::string, int, std::less<>> modes{
        {"open", 1}, {"keep_open", 2}, {"close", 3}, {"lock", 4}, {"unlock", 5}};
    return modes;
}

// A number in [low, high] or one of the names; throws Invalid.
int choice(const JsonFields& args, std::string_view key, int low, int high,
           const std::map<std::string, int, std::less<>>& names, std::optional<int> fallback) {
    const auto v = args.value(key);
    if (!v) {
        if (fallback) return *fallback;
        throw Invalid{"'" + std::string(key) + "' is required"};
    }
    if (const auto n = JsonFields::asInteger(*v); n && *n >= low && *n <= high) return static_cast<int>(*n);
    if (const auto t = JsonFields::asText(*v)) {
        const auto found = names.find(Poco::toLower(*t));
        if (found != names.end()) return found->second;
    }
    throw Invalid{"'" + std::string(key) + "' must be " + std::to_string(low) + ".." + std::to_string(high) +
                  (names.empty() ? std::string() : " or one of its names")};
}

std::uint32_t requiredUserId(const JsonFields& args) {
    if (const auto id = args.userId("userId")) return *id;
    throw Invalid{"'userId' (1..4294967295) is required"};
}

// Ports as "1,2,3" from an array of numbers or a comma-separated string.
std::string portList(const JsonFields& args) {
    std::vector<std::int64_t> ports;
    if (const auto list = args.array("ports")) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto n = JsonFields::asInteger(list->get(static_cast<unsigned>(i)));
            if (!n) throw Invalid{"'ports' must hold port numbers"};
            ports.push_back(*n);
        }
    } else if (const auto text = args.text("ports")) {
        Poco::StringTokenizer tokens(*text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        for (const auto& token : tokens) {
            const auto n = JsonFields::asInteger(Poco::Dynamic::Var(token));
            if (!n) throw Invalid{"'ports' must hold port numbers"};
            ports.push_back(*n);
        }
    }
    if (ports.empty()) throw Invalid{"'ports' is required: [1,2] or \"1,2\""};
    std::string out;
    for (const auto port : ports) {
        if (port < 1 || port > 64) throw Invalid{"elevator ports are 1..64"};
        out += (out.empty() ? "" : ",") + std::to_string(port);
    }
    return out;
}

bool isMd5(const std::string& text) {
    if (text.size() != 32) return false;
    for (const char c : text) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

// A file for the terminal: a blob of the blob store or an outside URL + MD5.
FileRef fileOf(const JsonFields& args, FileResolver& files) {
    if (const auto blob = args.text("blob")) {
        const auto found = files.file(Poco::toLower(*blob));
        if (!found) throw Invalid{"no blob " + *blob + " in the blob store"};
        return *found;
    }
    const auto url = args.text("url");
    const auto md5 = args.text("md5");
    if (!url || url->empty()) throw Invalid{"'blob' (sha256 of a stored file) or 'url' + 'md5' is required"};
    if (!md5 || !isMd5(*md5)) throw Invalid{"'md5' (32 hex digits) is required with 'url'"};
    return {*url, Poco::toUpper(*md5)};
}

Poco::JSON::Array::Ptr systemFiles(const JsonFields& args, FileResolver& files) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    const auto list = args.array("files");
    if (!list || list->size() == 0) throw Invalid{"'files' is required: [{type, index, blob | url+md5, delete?}]"};
    static const std::map<std::string, int, std::less<>> types{{"standby", 1}, {"boot", 2}};
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto item = list->getObject(static_cast<unsigned>(i));
        if (!item) throw Invalid{"'files' must hold objects"};
        const JsonFields file(item);
        const int type = choice(file, "type", 1, 2, types, std::nullopt);
        const int index = choice(file, "index", 1, type == 1 ? 8 : 1, {}, 1);
        const bool remove = file.integer("delete").value_or(0) != 0;
        auto entry = object();
        if (remove) {
            entry->set("FileURL", std::string());
            entry->set("FileMD5", std::string());
        } else {
            const FileRef ref = fileOf(file, files);
            entry->set("FileURL", ref.url);
            entry->set("FileMD5", ref.md5);
        }
        entry->set("FileType", type);
        entry->set("FileIndex", index);
        entry->set("IsDelete", remove ? 1 : 0);
        out->add(entry);
    }
    return out;
}

MappedCommand remote(Object::Ptr fields) {
    MappedCommand mapped;
    mapped.channel = CommandChannel::Remote;
    mapped.fields = std::move(fields);
    return mapped;
}

MappedCommand single(const char* field, const Poco::Dynamic::Var& value) {
    auto fields = object();
    fields->set(field, value);
    return remote(fields);
}

MappedCommand mapRemote(std::string_view kind, const JsonFields& args, FileResolver& files,
                        const CommandMappingOptions& options) {
    if (kind == "open_door") return single("Opendoor", choice(args, args.has("mode") ? "mode" : "door", 1, 5, doorModes(), 1));
    if (kind == "keep_door_open") return single("Opendoor", 2);
    if (kind == "close_door") return single("Opendoor", 3);
    if (kind == "lock_door") return single("Opendoor", 4);
    if (kind == "unlock_door") return single("Opendoor", 5);
    if (kind == "restart") return single("Restart", 1);
    if (kind == "factory_reset") return single("Recover", 1);
    if (kind == "close_alarm") return single("Closealarm", 1);
    if (kind == "push_all_persons") return single("PushAllPeople", 1);
    if (kind == "clear_records") return single("ClearRecord", 1);
    if (kind == "repost_records") {
        auto mapped = single("RepostRecord", 1);
        if (args.has("from") || args.has("to")) {
            mapped.note = "HTTPv2 terminals repost every record; 'from' and 'to' are not part of the protocol";
        }
        return mapped;
    }
    if (kind == "snapshot") {
        auto mapped = single("Snapshoot", 1);
        mapped.awaitsResult = true;
        return mapped;
    }
    if (kind == "query_persons") {
        Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;
        if (const auto list = args.array({"userIds", "ids"})) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                const auto id = JsonFields::asUserId(list->get(static_cast<unsigned>(i)));
                if (!id) throw Invalid{"'userIds' must hold user ids 1..4294967295"};
                ids->add(static_cast<Poco::UInt64>(*id));
            }
        } else if (const auto id = args.userId("userId")) {
            ids->add(static_cast<Poco::UInt64>(*id));
        }
        if (ids->size() == 0) throw Invalid{"'userIds' is required: [1, 2, ...]"};
        auto mapped = single("QueryPeople", ids);
        mapped.awaitsResult = true;  // finished by the PushPeople answers, with the inventory
        return mapped;
    }
    if (kind == "register_identify_ticket") {
        static const std::map<std::string, int, std::less<>> types{
            {"card", 1}, {"password", 2}, {"fingerprint", 3}, {"face", 4}, {"palmvein", 5}, {"palm_vein", 5}};
        const int type = choice(args, "type", 1, 5, types, std::nullopt);
        const std::uint32_t userId = requiredUserId(args);
        std::optional<int> index;
        if (args.has("index")) {
            const int high = type == 3 ? 9 : (type == 5 ? 2 : 255);
            index = choice(args, "index", type == 5 ? 1 : 0, high, {}, std::nullopt);
        }
        auto fields = object();
        if (options.ticketForm == TicketForm::Flat) {
            fields->set("RegisterIdentifyTicket", type);
            fields->set("RegisterIdentifyUserID", static_cast<Poco::UInt64>(userId));
            if (index) fields->set("RegisterIdentifyIndex", *index);
        } else {
            auto ticket = object();
            ticket->set("RegisterType", type);
            ticket->set("UserID", static_cast<Poco::UInt64>(userId));
            if (index) ticket->set("RegisterIndex", *index);
            fields->set("RegisterIdentifyTicket", ticket);
        }
        auto mapped = remote(fields);
        mapped.awaitsResult = true;
        mapped.userId = userId;
        return mapped;
    }
    if (kind == "elevator") {
        static const std::map<std::string, int, std::less<>> actions{
            {"open", 1}, {"keep_open", 2}, {"close", 3}, {"lock", 4}, {"unlock", 5}};
        static const char* const fieldOf[] = {"", "OpenElevatorPort", "KeepOpenElevatorPort", "CloseElevatorPort",
                                              "LockElevatorPort", "UnlockElevatorPort"};
        const int action = choice(args, "action", 1, 5, actions, 1);
        return single(fieldOf[action], portList(args));
    }
    if (kind == "firmware") {
        const FileRef file = fileOf(args, files);
        const auto version = args.text("version");
        if (!version || version->empty()) throw Invalid{"'version' is required (SoftwareVer)"};
        auto software = object();
        software->set("SoftwareURL", file.url);
        software->set("SoftwareMD5", file.md5);
        software->set("SoftwareVer", *version);
        return single("PushSoftware", software);
    }
    if (kind == "system_files") return single("PushSystemFile", systemFiles(args, files));
    throw Invalid{"unknown kind"};
}

} // namespace

CommandChannel commandChannel(std::string_view kind) {
    if (kind == "upload_settings") return CommandChannel::UploadWorkParameter;
    if (kind == "sync_time" || kind == "sync_parameters") return CommandChannel::SyncParameter;
    if (kind == "clear_persons") return CommandChannel::DeletePeople;
    for (const auto& known : supportedCommandKinds()) {
        if (known == kind) return CommandChannel::Remote;
    }
    return CommandChannel::Unsupported;
}

const std::vector<std::string>& supportedCommandKinds() {
    static const std::vector<std::string> kinds{
        "open_door",      "keep_door_open",  "close_door",    "lock_door",          "unlock_door",
        "restart",        "factory_reset",   "close_alarm",   "repost_records",     "push_all_persons",
        "query_persons",  "clear_records",   "register_identify_ticket", "snapshot", "elevator",
        "firmware",       "system_files"};
    return kinds;
}

std::string unsupportedCommandMessage(std::string_view kind) {
    std::string known;
    for (const auto& k : supportedCommandKinds()) known += (known.empty() ? "" : ", ") + k;
    return "httpv2 has no command '" + std::string(kind) + "'; it knows " + known +
           ", upload_settings, sync_time, sync_parameters, clear_persons";
}

MappedCommand mapCommand(std::string_view kind, const std::string& argsJson, FileResolver& files,
                         const CommandMappingOptions& options) {
    MappedCommand mapped;
    mapped.channel = commandChannel(kind);
    if (mapped.channel == CommandChannel::Unsupported) {
        mapped.error = unsupportedCommandMessage(kind);
        return mapped;
    }
    if (mapped.channel != CommandChannel::Remote) return mapped;
    try {
        const JsonFields args(parseJsonObject(argsJson.empty() ? "{}" : argsJson, "the command's args"));
        return mapRemote(kind, args, files, options);
    } catch (const Invalid& e) {
        mapped.error = std::string(kind) + ": " + e.message;
    } catch (const ProtocolError& e) {
        mapped.error = std::string(kind) + ": " + e.what();
    }
    return mapped;
}

bool collides(const Poco::JSON::Object& reply, const Poco::JSON::Object& fields) {
    for (const auto& [key, value] : fields) {
        if (reply.has(key)) return true;
    }
    return false;
}

} // namespace passway::httpv2
