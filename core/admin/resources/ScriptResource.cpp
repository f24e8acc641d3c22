#include "admin/resources/ScriptResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"
#include "admin/json/ModelJson.h"
#include "script/ScriptHost.h"

namespace passway::admin {

namespace {

Poco::JSON::Object::Ptr statusJson(const ScriptStatus& s) {
    auto o = json::object();
    o->set("name", s.name);
    o->set("state", std::string(toString(s.state)));
    o->set("loadedAt", s.loadedAt);
    o->set("calls", s.calls);
    o->set("errors", s.errors);
    o->set("consecutiveErrors", s.consecutiveErrors);
    o->set("lastError", s.lastError);
    auto topics = json::array();
    for (const auto& t : s.topics) topics->add(t);
    o->set("topics", topics);
    o->set("authorizes", s.authorizes);
    o->set("memoryBytes", static_cast<std::uint64_t>(s.memoryBytes));
    if (s.journal) {
        // Where its durable subscriber stands: a script behind shows here.
        auto j = json::object();
        j->set("running", s.journal->running);
        j->set("cursor", s.journal->position);
        j->set("lastSeq", s.journal->lastSeq);
        j->set("lagEvents", s.journal->lagEvents);
        j->set("lagSeconds", s.journal->lagSeconds);
        j->set("deadLetters", s.journal->deadLetters);
        o->set("journal", j);
    }
    return o;
}

} // namespace

void ScriptResource::install(Router& router) {
    const std::string base = "/api/v1/scripts";
    router.get(base, Role::Viewer, [this](RequestContext& c) { return list(c); });
    router.get(base + "/{name}", Role::Admin, [this](RequestContext& c) { return get(c); });
    router.get(base + "/{name}/errors", Role::Viewer, [this](RequestContext& c) { return errors(c); });
    router.write("PUT", base + "/{name}", Role::Admin, {"script.save", "script:{name}"},
                 [this](RequestContext& c) { return put(c); });
    router.write("POST", base + "/{name}/enable", Role::Admin, {"script.enable", "script:{name}"},
                 [this](RequestContext& c) { return setEnabled(c, true); });
    router.write("POST", base + "/{name}/disable", Role::Admin, {"script.disable", "script:{name}"},
                 [this](RequestContext& c) { return setEnabled(c, false); });
    router.write("POST", base + "/{name}/test", Role::Admin, {"script.test", "script:{name}"},
                 [this](RequestContext& c) { return test(c); });
    router.write("POST", base + "/{name}/skip-to-now", Role::Admin, {"script.skip_to_now", "script:{name}"},
                 [this](RequestContext& c) { return skipToNow(c); });
}

ScriptHost& ScriptResource::host() { return *services_.scripts; }

std::string ScriptResource::name(RequestContext& ctx) {
    const std::string& name = ctx.param("name");
    if (!ScriptHost::validName(name)) throw ApiError::notFound("no such script: " + name);
    return name;
}

Reply ScriptResource::list(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    const auto scripts = host().list();
    auto items = json::array();
    for (std::size_t i = paging.offset; i < scripts.size() && items->size() < static_cast<std::size_t>(paging.limit); ++i) {
        items->add(statusJson(scripts[i]));
    }
    return Reply::json(modeljson::list(items, static_cast<std::int64_t>(scripts.size()), paging));
}

Reply ScriptResource::get(RequestContext& ctx) {
    const std::string n = name(ctx);
    const auto status = host().status(n);
    if (!status) throw ApiError::notFound("no such script: " + n);
    auto o = statusJson(*status);
    o->set("source", host().source(n).value_or(""));
    return Reply::json(o);
}

// {"source": "<Lua text>"}: compiled first; a script that does not compile
// is refused (400 naming `source`) and the file stays as it was.
Reply ScriptResource::put(RequestContext& ctx) {
    const std::string n = name(ctx);
    const JsonFields f(ctx.jsonBody());
    f.rejectUnknown({"source"});
    const auto source = f.string("source", host().options().maxSourceBytes);
    if (!source) throw ApiError::invalid("source", "required");
    const bool existed = host().status(n).has_value();
    if (const auto error = host().save(n, *source); !error.empty()) throw ApiError::invalid("source", error);
    auto detail = json::object();
    detail->set("bytes", static_cast<std::uint64_t>(source->size()));
    ctx.audit().detail = detail;  // the source itself is not copied into the audit log
    const auto status = host().status(n);
    if (!status) throw ApiError::notFound("no such script: " + n);
    return Reply::json(statusJson(*status), existed ? 200 : 201);
}

Reply ScriptResource::setEnabled(RequestContext& ctx, bool enabled) {
    const std::string n = name(ctx);
    if (!host().setEnabled(n, enabled)) throw ApiError::notFound("no such script: " + n);
    return Reply::json(statusJson(*host().status(n)));
}

// {"topic": "record.created", "payload": {...}} → {ok, result, error, log, elapsedMicros, handlers}
Reply ScriptResource::test(RequestContext& ctx) {
    const std::string n = name(ctx);
    const JsonFields f(ctx.jsonBody());
    f.rejectUnknown({"topic", "payload"});
    const std::string topic = f.requiredString("topic", 128);
    const auto payload = f.object("payload");
    const std::string payloadJson = payload ? json::stringify(payload) : "{}";
    const auto run = host().testRun(n, topic, payloadJson);
    if (!run) throw ApiError::notFound("no such script: " + n);
    auto o = json::object();
    o->set("ok", run->ok);
    o->set("result", json::embed(run->resultJson));
    o->set("error", run->error);
    auto log = json::array();
    for (const auto& line : run->log) log->add(line);
    o->set("log", log);
    o->set("elapsedMicros", run->elapsedMicros);
    o->set("handlers", run->handlers);
    auto detail = json::object();
    detail->set("topic", topic);
    detail->set("ok", run->ok);
    ctx.audit().detail = detail;
    return Reply::json(o);
}

Reply ScriptResource::errors(RequestContext& ctx) {
    const std::string n = name(ctx);
    const auto errors = host().errors(n);
    if (!errors) throw ApiError::notFound("no such script: " + n);
    auto items = json::array();
    // Newest first, like every listing.
    for (auto it = errors->rbegin(); it != errors->rend(); ++it) {
        auto e = json::object();
        e->set("at", it->at);
        e->set("where", it->where);
        e->set("message", it->message);
        items->add(e);
    }
    auto dead = json::array();
    for (const auto& letter : host().deadLetters(n, 100).value_or(std::vector<DeadLetter>{})) {
        auto d = json::object();
        d->set("seq", letter.seq);
        d->set("topic", letter.topic);
        d->set("payload", json::embed(letter.payload));
        d->set("error", letter.error);
        d->set("attempts", letter.attempts);
        d->set("at", letter.at);
        dead->add(d);
    }
    auto o = json::object();
    o->set("items", items);
    o->set("deadLetters", dead);
    return Reply::json(o);
}

// The script's cursor moves to the newest event: what it missed while
// stopped is never handled (audited, with the position skipped to).
Reply ScriptResource::skipToNow(RequestContext& ctx) {
    const std::string n = name(ctx);
    const auto before = host().status(n);
    if (!before) throw ApiError::notFound("no such script: " + n);
    const auto position = host().skipToNow(n);
    if (!position) throw ApiError::conflict("this server has no event journal");
    auto detail = json::object();
    if (before->journal) detail->set("from", before->journal->position);
    detail->set("to", *position);
    ctx.audit().detail = detail;
    return Reply::json(statusJson(*host().status(n)));
}

} // namespace passway::admin
