#include "admin/resources/DeviceResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"
#include "admin/json/ModelJson.h"
#include "admin/resources/CommandArguments.h"
#include "plugin/PluginManager.h"
#include "store/Store.h"
#include "util/SecretPolicy.h"

namespace passway::admin {

namespace {

constexpr std::size_t kMaxParametersBytes = 256 * 1024;

// Command kinds are identifiers a plugin switches on: lower-case words.
bool isCommandKind(const std::string& kind) {
    if (kind.empty() || kind.size() > 64) return false;
    for (char c : kind) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) return false;
    }
    return true;
}

} // namespace

void DeviceResource::install(Router& router) {
    const std::string base = "/api/v1/devices";
    router.get(base, Role::Viewer, [this](RequestContext& c) { return list(c); });
    router.get(base + "/{id}", Role::Viewer, [this](RequestContext& c) { return get(c); });
    router.write("PATCH", base + "/{id}", Role::Operator, {"device.update", "device:{id}"},
                 [this](RequestContext& c) { return patch(c); });
    router.write("POST", base + "/{id}/activate", Role::Operator, {"device.activate", "device:{id}"},
                 [this](RequestContext& c) { return setState(c, DeviceState::Active); });
    router.write("POST", base + "/{id}/disable", Role::Operator, {"device.disable", "device:{id}"},
                 [this](RequestContext& c) { return setState(c, DeviceState::Disabled); });
    router.write("DELETE", base + "/{id}", Role::Operator, {"device.delete", "device:{id}"},
                 [this](RequestContext& c) { return remove(c); });
    router.write("POST", base + "/{id}/accept-address", Role::Operator, {"device.accept_address", "device:{id}"},
                 [this](RequestContext& c) { return acceptAddress(c); });
    router.get(base + "/{id}/parameters", Role::Viewer, [this](RequestContext& c) { return getParameters(c); });
    router.write("PUT", base + "/{id}/parameters", Role::Operator, {"device.parameters", "device:{id}"},
                 [this](RequestContext& c) { return putParameters(c); });
    router.write("POST", base + "/{id}/commands", Role::Operator, {"command.queue", "device:{id}"},
                 [this](RequestContext& c) { return queueCommand(c); });
    router.get(base + "/{id}/sync", Role::Viewer, [this](RequestContext& c) { return sync(c); });
}

Device DeviceResource::load(RequestContext& ctx) {
    auto device = services_.store.devices().find(ctx.idParam("id"));
    if (!device) throw ApiError::notFound("no such device: " + ctx.param("id"));
    return *device;
}

Reply DeviceResource::list(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    const auto devices = services_.store.devices().list();
    auto items = json::array();
    for (std::size_t i = paging.offset; i < devices.size() && items->size() < static_cast<std::size_t>(paging.limit);
         ++i) {
        items->add(modeljson::device(devices[i]));
    }
    return Reply::json(modeljson::list(items, static_cast<std::int64_t>(devices.size()), paging));
}

Reply DeviceResource::get(RequestContext& ctx) { return Reply::json(modeljson::device(load(ctx))); }

Reply DeviceResource::patch(RequestContext& ctx) {
    const JsonFields f(ctx.jsonBody());
    // State has its own verbs (activate/disable) because it publishes an event;
    // the rest belongs to the device and its plugin.
    f.rejectUnknown({"name", "accessGroups"});
    Device device = load(ctx);
    const std::vector<std::string> groupsBefore = device.accessGroups;
    if (f.has("name")) device.name = f.string("name", 128).value_or("");
    if (f.has("accessGroups")) {
        device.accessGroups = f.stringList("accessGroups", 256, 64).value_or(std::vector<std::string>{});
    }
    Device saved;
    services_.store.atomically([&] {
        if (!services_.store.devices().update(device)) throw ApiError::notFound("no such device: " + ctx.param("id"));
        saved = *services_.store.devices().find(device.id);
        if (saved.accessGroups != groupsBefore) {
            // Who the device should hold has changed: the sync reconciler listens.
            services_.publish(events::deviceAccessGroupsChanged(saved.id, saved.accessGroups));
        }
    });
    return Reply::json(modeljson::device(saved));
}

Reply DeviceResource::setState(RequestContext& ctx, DeviceState state) {
    const Device device = load(ctx);
    Device changed = device;
    changed.state = state;
    services_.store.atomically([&] {
        if (!services_.store.devices().setState(device.id, state)) {
            throw ApiError::notFound("no such device: " + ctx.param("id"));
        }
        services_.publish(events::deviceStateChanged(changed));
    });
    auto detail = json::object();
    detail->set("from", std::string(toString(device.state)));
    detail->set("to", std::string(toString(state)));
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    return Reply::json(modeljson::device(*services_.store.devices().find(device.id)));
}

Reply DeviceResource::acceptAddress(RequestContext& ctx) {
    const Device device = load(ctx);
    if (device.pendingAddress.empty()) {
        throw ApiError::conflict("device " + std::to_string(device.id) + " has called from no other address than " +
                                 (device.pinnedAddress.empty() ? std::string("its first") : device.pinnedAddress));
    }
    Device accepted = device;
    accepted.pinnedAddress = device.pendingAddress;
    accepted.pendingAddress.clear();
    services_.store.atomically([&] {
        if (!services_.store.devices().pinAddress(device.id, accepted.pinnedAddress)) {
            throw ApiError::notFound("no such device: " + ctx.param("id"));
        }
        // The plugin host keeps what each terminal is known by in memory: this tells it.
        services_.publish(events::deviceAddressAccepted(accepted));
    });
    auto detail = json::object();
    detail->set("from", device.pinnedAddress);
    detail->set("to", accepted.pinnedAddress);
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    return Reply::json(modeljson::device(*services_.store.devices().find(device.id)));
}

Reply DeviceResource::remove(RequestContext& ctx) {
    const Device device = load(ctx);
    services_.store.atomically([&] {
        if (!services_.store.devices().remove(device.id)) throw ApiError::notFound("no such device: " + ctx.param("id"));
        services_.publish(events::deviceRemoved(device, "admin"));
    });
    auto detail = json::object();
    detail->set("protocol", device.protocol);
    detail->set("serial", device.serial);
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    return Reply::noContent();
}

// The page reads desired parameters with secrets masked and sends them back
// edited: a secret still reading "***" means "unchanged", so the stored value
// is kept instead of the mask.
void DeviceResource::keepMaskedSecrets(Poco::JSON::Object::Ptr edited, const Poco::Dynamic::Var& stored) {
    if (!edited || stored.type() != typeid(Poco::JSON::Object::Ptr)) return;
    const auto before = stored.extract<Poco::JSON::Object::Ptr>();
    if (!before) return;
    std::vector<std::string> kept;  // set after the walk, not while iterating
    for (const auto& [key, value] : *edited) {
        if (!before->has(key)) continue;
        if (value.isString() && isSecretName(key) && value.extract<std::string>() == kSecretMask) {
            kept.push_back(key);
        } else if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
            keepMaskedSecrets(value.extract<Poco::JSON::Object::Ptr>(), before->get(key));
        }
    }
    for (const auto& key : kept) edited->set(key, before->get(key));
}

Reply DeviceResource::getParameters(RequestContext& ctx) {
    return Reply::json(scrubSecrets(json::embed(load(ctx).desired)));
}

Reply DeviceResource::putParameters(RequestContext& ctx) {
    const auto parameters = ctx.jsonBody();
    Device device = load(ctx);
    keepMaskedSecrets(parameters, json::embed(device.desired));
    device.desired = json::stringify(parameters);
    if (device.desired.size() > kMaxParametersBytes) {
        throw ApiError::tooLarge("parameters must be at most " + std::to_string(kMaxParametersBytes) + " bytes of JSON");
    }
    services_.store.atomically([&] {
        if (!services_.store.devices().update(device)) throw ApiError::notFound("no such device: " + ctx.param("id"));
        services_.publish(events::deviceParametersChanged(device.id));
    });
    return Reply::json(scrubSecrets(parameters));
}

Reply DeviceResource::queueCommand(RequestContext& ctx) {
    const JsonFields f(ctx.jsonBody());
    f.rejectUnknown({"kind", "args"});
    const std::string kind = f.requiredString("kind", 64);
    if (!isCommandKind(kind)) throw ApiError::invalid("kind", "must be a lower-case identifier such as open_door");
    const auto args = f.object("args");
    const Device device = load(ctx);
    if (device.state == DeviceState::Disabled) {
        throw ApiError::conflict("device " + std::to_string(device.id) + " is disabled; activate it first");
    }
    checkCommandArguments(declaredCommands(device.protocol), kind, args);

    Command command;
    command.deviceId = device.id;
    command.kind = kind;
    command.args = args ? json::stringify(args) : "{}";
    command.createdBy = ctx.user()->username;
    Command queued;
    services_.store.atomically([&] {
        queued = services_.store.commands().queue(command);
        services_.publish(events::commandQueued(queued));
    });
    ctx.audit().target = "command:" + std::to_string(queued.id);
    return Reply::json(modeljson::command(queued), 201);
}

std::vector<CommandDeclaration> DeviceResource::declaredCommands(const std::string& protocol) const {
    const auto& o = services_.options;
    if (!o.plugins) return {};
    try {
        return parsePluginDeclarations(o.plugins->declarations(o.pluginDir, protocol)).commands;
    } catch (const std::invalid_argument&) {
        return {};  // unusable declarations: the Plugins screen says so; commands pass unchecked
    }
}

Reply DeviceResource::sync(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    const auto entries = services_.store.sync().forDevice(load(ctx).id);
    auto items = json::array();
    for (std::size_t i = paging.offset; i < entries.size() && items->size() < static_cast<std::size_t>(paging.limit);
         ++i) {
        items->add(modeljson::syncEntry(entries[i]));
    }
    return Reply::json(modeljson::list(items, static_cast<std::int64_t>(entries.size()), paging));
}

} // namespace passway::admin
