#include "script/ScriptEdits.h"

#include "bus/EventBus.h"
#include "store/Store.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <sstream>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("script"); }

std::string sourceKey(const std::string& name) { return "script.source." + name; }

} // namespace

ScriptEdits::ScriptEdits(Store& store, EventBus& bus, std::string host)
    : store_(store), bus_(bus), host_(std::move(host)) {}

ScriptEdits::~ScriptEdits() { stop(); }

void ScriptEdits::start(Apply apply) {
    if (subscription_ != 0) return;
    subscription_ = bus_.subscribe(
        kTopic,
        [this, apply = std::move(apply)](const Event& event) {
            try {
                Poco::JSON::Parser parser;
                const auto payload = parser.parse(event.payload).extract<Poco::JSON::Object::Ptr>();
                // This host's own edits come back through its bus: applied already.
                if (payload->optValue<std::string>("host", "") == host_) return;
                apply(payload->optValue<std::string>("name", ""), payload->optValue<std::string>("change", ""));
            } catch (const std::exception& e) {
                log().warning(std::string("a script edit of another host: ") + e.what());
            }
        },
        "script-edits");
}

void ScriptEdits::stop() {
    if (subscription_ != 0) bus_.unsubscribe(subscription_);
    subscription_ = 0;
}

void ScriptEdits::share(const std::string& name, const std::string& change, const std::string* source) {
    Poco::JSON::Object payload;
    payload.set("name", name);
    payload.set("change", change);
    payload.set("host", host_);
    std::ostringstream text;
    payload.stringify(text);
    try {
        // The source and the event are one fact: a host that reads the event finds the source.
        store_.atomically([&] {
            if (source) store_.kv().set(sourceKey(name), *source);
            bus_.publish(kTopic, text.str(), "admin");
        });
    } catch (const std::exception& e) {
        // This host has the edit; the others keep their copy until the next one.
        log().error("script " + name + ": the edit (" + change + ") could not be shared with the other hosts: " + e.what());
    }
}

std::optional<std::string> ScriptEdits::savedSource(const std::string& name) const {
    return store_.kv().get(sourceKey(name));
}

} // namespace passway
