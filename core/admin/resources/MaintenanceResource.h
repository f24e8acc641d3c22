#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway {
class Maintenance;
}

namespace passway::admin {

// Backups and retention (README "Backups and restore", "Retention"):
//   GET  /api/v1/backups   the backups in backup.dir, the schedule, the last failure (admin)
//   POST /api/v1/backups   makes one now; 201 with it, or 500 backup_failed with the cause (admin)
//   GET  /api/v1/retention records.retention_days, the last pass, the oldest record (viewer)
// Without a Maintenance (tests' bare admin server) they answer 503 unavailable.
class MaintenanceResource : public Resource {
public:
    explicit MaintenanceResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply backups(RequestContext& ctx);
    Reply backupNow(RequestContext& ctx);
    Reply retention(RequestContext& ctx);
    Maintenance& maintenance() const;

    AdminServices& services_;
};

} // namespace passway::admin
