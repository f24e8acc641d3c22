#include "service/Operation.h"

#include "passway/JsonText.h"

#include <Poco/JSON/Array.h>
#include <Poco/StringTokenizer.h>

namespace passway::henan {

std::string Operation::toJson() const {
    auto o = json::ordered();
    o->set("code", code);
    o->set("cmd", cmd);
    o->set("params", params);
    o->set("source", source);
    o->set("commandId", commandId);
    o->set("handedOut", handedOut);
    o->set("failures", failures);
    o->set("createdAt", createdAt);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array();
    for (const auto& t : tasks) {
        auto item = json::ordered();
        item->set("userId", t.userId);
        item->set("removal", t.removal);
        item->set("held", t.held);
        item->set("ticket", t.ticket);
        list->add(item);
    }
    o->set("tasks", list);
    return json::text(o);
}

std::optional<Operation> Operation::fromJson(const std::string& text) {
    const auto o = json::objectOr(text);
    if (!o->has("code") || !o->has("cmd")) return std::nullopt;
    Operation op;
    op.code = o->optValue<Poco::Int64>("code", 0);
    op.cmd = o->optValue<std::string>("cmd", "");
    op.params = o->optValue<std::string>("params", "");
    op.source = o->optValue<std::string>("source", "");
    op.commandId = o->optValue<Poco::Int64>("commandId", 0);
    op.handedOut = o->optValue<int>("handedOut", 0);
    op.failures = o->optValue<int>("failures", 0);
    op.createdAt = o->optValue<Poco::Int64>("createdAt", 0);
    if (const auto list = o->getArray("tasks")) {
        for (unsigned i = 0; i < list->size(); ++i) {
            const auto t = list->getObject(i);
            if (!t) continue;
            SyncTask task;
            task.userId = t->optValue<std::uint32_t>("userId", 0);
            task.removal = t->optValue<bool>("removal", false);
            task.held = t->optValue<bool>("held", false);
            task.ticket = t->optValue<Poco::Int64>("ticket", 0);
            op.tasks.push_back(task);
        }
    }
    return op;
}

std::vector<std::uint32_t> Operation::userIds() const {
    std::vector<std::uint32_t> ids;
    Poco::StringTokenizer parts(params, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& part : parts) {
        try {
            const unsigned long id = std::stoul(part);
            if (id > 0 && id <= 0xffffffffUL) ids.push_back(static_cast<std::uint32_t>(id));
        } catch (const std::exception&) {
            // Not a user id: left out.
        }
    }
    return ids;
}

}  // namespace passway::henan
