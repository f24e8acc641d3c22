#include "store/Documents.h"

#include "passway/JsonText.h"

#include <Poco/NumberParser.h>

#include <stdexcept>

namespace passway::zjchilink {

Documents::Collection& Documents::load(const std::string& name) {
    auto found = cache_.find(name);
    if (found != cache_.end()) return found->second;
    Collection c;
    if (auto text = kv_.get("doc." + name)) {
        const auto stored = passway::json::objectOr(*text);
        c.next = stored->optValue<Poco::Int64>("next", 1);
        if (const auto items = stored->getObject("items")) {
            for (const auto& [key, value] : *items) {
                const auto doc = value.extract<Poco::JSON::Object::Ptr>();
                c.items[Poco::NumberParser::parse64(key)] = passway::json::text(doc);
            }
        }
    }
    return cache_.emplace(name, std::move(c)).first->second;
}

void Documents::save(const std::string& name, const Collection& c) {
    std::string text = "{\"next\":" + std::to_string(c.next) + ",\"items\":{";
    bool first = true;
    for (const auto& [id, doc] : c.items) {
        if (!first) text += ",";
        first = false;
        text += "\"" + std::to_string(id) + "\":" + doc;
    }
    text += "}}";
    kv_.set("doc." + name, text);
}

Documents::Doc Documents::create(const std::string& collection, Doc doc) {
    std::lock_guard lock(mutex_);
    Collection& c = load(collection);
    if (c.items.size() >= maxItems_) {
        throw std::length_error(collection + ": at most " + std::to_string(maxItems_) + " entries");
    }
    Collection changed = c;
    const std::int64_t id = changed.next++;
    auto copy = passway::json::objectOr(passway::json::text(doc));
    auto stored = passway::json::ordered();
    stored->set("id", id);
    for (const auto& [key, value] : *copy) {
        if (key != "id") stored->set(key, value);
    }
    changed.items[id] = passway::json::text(stored);
    save(collection, changed);  // throws before the cache changes: memory never runs ahead of the store
    c = std::move(changed);
    return stored;
}

Documents::Doc Documents::get(const std::string& collection, std::int64_t id) {
    std::lock_guard lock(mutex_);
    Collection& c = load(collection);
    const auto found = c.items.find(id);
    return found == c.items.end() ? nullptr : passway::json::objectOr(found->second);
}

void Documents::put(const std::string& collection, const Doc& doc) {
    std::lock_guard lock(mutex_);
    Collection& c = load(collection);
    const std::int64_t id = intField(doc, "id");
    if (!c.items.count(id)) throw std::out_of_range(collection + ": no entry " + std::to_string(id));
    Collection changed = c;
    changed.items[id] = passway::json::text(doc);
    save(collection, changed);
    c = std::move(changed);
}

bool Documents::remove(const std::string& collection, std::int64_t id) {
    std::lock_guard lock(mutex_);
    Collection& c = load(collection);
    if (!c.items.count(id)) return false;
    Collection changed = c;
    changed.items.erase(id);
    save(collection, changed);
    c = std::move(changed);
    return true;
}

std::vector<Documents::Doc> Documents::list(const std::string& collection, const std::function<bool(const Doc&)>& match) {
    std::lock_guard lock(mutex_);
    std::vector<Doc> out;
    for (const auto& [id, text] : load(collection).items) {
        auto doc = passway::json::objectOr(text);
        if (!match || match(doc)) out.push_back(doc);
    }
    return out;
}

std::int64_t intField(const Poco::JSON::Object::Ptr& o, const std::string& key, std::int64_t fallback) {
    if (!o || !o->has(key)) return fallback;
    const auto v = o->get(key);
    if (v.isEmpty()) return fallback;
    try {
        if (v.isString()) return Poco::NumberParser::parse64(v.toString());
        return v.convert<Poco::Int64>();
    } catch (const std::exception&) {
        return fallback;
    }
}

std::string textField(const Poco::JSON::Object::Ptr& o, const std::string& key, const std::string& fallback) {
    if (!o || !o->has(key)) return fallback;
    const auto v = o->get(key);
    if (v.isEmpty()) return fallback;
    try {
        return v.convert<std::string>();
    } catch (const std::exception&) {
        return fallback;
    }
}

bool hasField(const Poco::JSON::Object::Ptr& o, const std::string& key) { return o && o->has(key) && !o->get(key).isEmpty(); }

}  // namespace passway::zjchilink
