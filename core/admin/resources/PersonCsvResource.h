#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/Resource.h"

namespace passway::admin {

// GET /api/v1/persons/export.csv (viewer; same filters as the list) and
// POST /api/v1/persons/import (operator; CSV body, columns in PersonCsv).
//
// Import keeps every good row and reports each bad one with the row number a
// spreadsheet shows (the header is row 1) and the column at fault:
//   {"imported":N,"failed":M,"errors":[{"row":3,"field":"role","message":"..."}]}
// Rows are saved one by one, so a failure in row 9 never undoes row 8.
class PersonCsvResource : public Resource {
public:
    static constexpr std::size_t kMaxReportedErrors = 1000;

    explicit PersonCsvResource(AdminServices& services) : services_(services) {}
    void install(Router& router) override;

private:
    Reply exportCsv(RequestContext& ctx);
    Reply importCsv(RequestContext& ctx);

    AdminServices& services_;
};

} // namespace passway::admin
