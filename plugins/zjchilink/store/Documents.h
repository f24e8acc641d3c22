#pragma once

#include "passway/services/KeyValueService.h"

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace passway::zjchilink {

// The plugin's own data (app accounts, homes, spaces, devices' app-side
// records, authorizations, keys, messages): JSON documents in numbered
// collections, kept through the host's KeyValueService, one value per
// collection ("doc.<collection>" = {"next": n, "items": {"<id>": {...}}}).
// No SQL in the plugin and no host change; a collection is read once and
// written through on every change. Sized for one site's app users and
// locks: each collection holds at most `maxItems` documents.
class Documents {
public:
    Documents(KeyValueService& kv, std::size_t maxItems) : kv_(kv), maxItems_(maxItems) {}

    using Doc = Poco::JSON::Object::Ptr;

    // Stores a copy of `doc` under a new id (set as doc["id"]) and returns it.
    // Throws std::length_error when the collection is full.
    Doc create(const std::string& collection, Doc doc);
    Doc get(const std::string& collection, std::int64_t id);              // null: none
    void put(const std::string& collection, const Doc& doc);              // by doc["id"]
    bool remove(const std::string& collection, std::int64_t id);
    // Copies of the documents that `match` (all when empty), by id.
    std::vector<Doc> list(const std::string& collection, const std::function<bool(const Doc&)>& match = {});

private:
    struct Collection {
        std::int64_t next = 1;
        std::map<std::int64_t, std::string> items;  // id -> JSON text
    };
    Collection& load(const std::string& name);     // with mutex_ held
    void save(const std::string& name, const Collection& c);

    KeyValueService& kv_;
    const std::size_t maxItems_;
    std::mutex mutex_;
    std::map<std::string, Collection> cache_;
};

// Field readers that accept the document's loose typing ("perm": "7" or 7).
std::int64_t intField(const Poco::JSON::Object::Ptr& o, const std::string& key, std::int64_t fallback = 0);
std::string textField(const Poco::JSON::Object::Ptr& o, const std::string& key, const std::string& fallback = {});
bool hasField(const Poco::JSON::Object::Ptr& o, const std::string& key);

}  // namespace passway::zjchilink
