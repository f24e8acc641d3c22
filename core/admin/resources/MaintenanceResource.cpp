#include "admin/resources/MaintenanceResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "maintenance/Maintenance.h"
#include "store/StoreError.h"

namespace passway::admin {

namespace {

Poco::JSON::Object::Ptr backupJson(const BackupInfo& b) {
    auto item = json::object();
    item->set("name", b.name);
    item->set("path", b.path);
    item->set("createdAt", b.createdAt);
    item->set("databaseBytes", b.databaseBytes);
    item->set("blobs", b.blobs);
    item->set("blobBytes", b.blobBytes);
    return item;
}

} // namespace

void MaintenanceResource::install(Router& router) {
    router.get("/api/v1/backups", Role::Admin, [this](RequestContext& c) { return backups(c); });
    router.write("POST", "/api/v1/backups", Role::Admin, {"backup.create", "backups"},
                 [this](RequestContext& c) { return backupNow(c); });
    router.get("/api/v1/retention", Role::Viewer, [this](RequestContext& c) { return retention(c); });
}

Maintenance& MaintenanceResource::maintenance() const {
    if (!services_.options.maintenance) throw ApiError(503, "unavailable", "backups and retention do not run in this host");
    return *services_.options.maintenance;
}

Reply MaintenanceResource::backups(RequestContext&) {
    Maintenance& m = maintenance();
    const MaintenanceStatus status = m.status();
    auto items = json::array();
    for (const auto& backup : m.backups()) items->add(backupJson(backup));
    auto body = json::object();
    body->set("dir", m.backupDir());
    body->set("cron", m.options().backupCron);
    body->set("keep", m.options().backupKeep);
    body->set("nextBackupAt", status.nextBackupAt);
    body->set("lastError", status.lastBackupError);
    body->set("items", items);
    return Reply::json(body);
}

Reply MaintenanceResource::backupNow(RequestContext& ctx) {
    Maintenance& m = maintenance();
    try {
        const BackupInfo info = m.backupNow();
        ctx.audit().target = "backup:" + info.name;
        return Reply::json(backupJson(info), 201);
    } catch (const StoreError& e) {
        throw ApiError(500, "backup_failed", e.what());
    }
}

Reply MaintenanceResource::retention(RequestContext&) {
    Maintenance& m = maintenance();
    const MaintenanceStatus status = m.status();
    auto body = json::object();
    body->set("days", m.options().retentionDays);
    body->set("intervalSeconds",
              std::chrono::duration_cast<std::chrono::seconds>(m.options().retentionInterval).count());
    if (status.lastRetention) {
        auto run = json::object();
        run->set("at", status.lastRetention->at);
        run->set("cutoff", status.lastRetention->cutoff);
        run->set("records", status.lastRetention->records);
        run->set("photos", status.lastRetention->photos);
        body->set("lastRun", run);
    } else {
        body->set("lastRun", Poco::Dynamic::Var());
    }
    body->set("lastError", status.lastRetentionError);
    if (status.oldestRecord) {
        body->set("oldestRecord", *status.oldestRecord);
    } else {
        body->set("oldestRecord", Poco::Dynamic::Var());
    }
    return Reply::json(body);
}

} // namespace passway::admin
