#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"
#include "passway/model/Record.h"

namespace passway::admin {

// /api/v1/records: what terminals reported (read-only; viewer). Filters:
// from, to (unix ms, deviceTime in [from, to)), deviceId, userId, verifyType,
// result, plus offset/limit. The CSV export takes the same filters and
// streams every match, page by page.
class RecordResource : public Resource {
public:
    explicit RecordResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply list(RequestContext& ctx);
    Reply get(RequestContext& ctx);
    Reply photo(RequestContext& ctx);
    Reply exportCsv(RequestContext& ctx);

    RecordQuery filters(const RequestContext& ctx) const;
    Record load(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
