#include "admin/resources/PersonCsvResource.h"

#include "admin/csv/CsvReader.h"
#include "admin/csv/CsvWriter.h"
#include "admin/csv/PersonCsv.h"
#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/PersonJson.h"
#include "admin/resources/PersonResource.h"
#include "store/Store.h"

namespace passway::admin {

namespace {

constexpr int kExportPage = 500;

// PersonJson names JSON fields ("credentials[0].value", "accessGroups[2]");
// a spreadsheet user needs the column.
std::string columnOf(const std::string& field) {
    if (field.rfind("credentials", 0) == 0) return "cards";
    if (field.rfind("accessGroups", 0) == 0) return "accessGroups";
    return field;
}

std::string messageWithout(const ApiError& e) {
    const std::string text = e.what();
    const std::string prefix = e.field() + ": ";
    return (!e.field().empty() && text.rfind(prefix, 0) == 0) ? text.substr(prefix.size()) : text;
}

} // namespace

void PersonCsvResource::install(Router& router) {
    router.get("/api/v1/persons/export.csv", Role::Viewer, [this](RequestContext& c) { return exportCsv(c); });
    router.write("POST", "/api/v1/persons/import", Role::Operator, {"person.import", "persons"},
                 [this](RequestContext& c) { return importCsv(c); });
}

Reply PersonCsvResource::exportCsv(RequestContext& ctx) {
    PersonQuery query;
    query.search = ctx.query("search").value_or("");
    query.accessGroup = ctx.query("group").value_or("");
    query.department = ctx.query("department").value_or("");
    query.limit = kExportPage;
    Store& store = services_.store;
    return Reply::streamed("text/csv; charset=utf-8", [&store, query](std::ostream& out) mutable {
               CsvWriter writer(out);
               writer.writeRow(PersonCsv::columns());
               // Page by page, so a site with 100,000 people never sits in memory at once.
               for (query.offset = 0;; query.offset += kExportPage) {
                   const auto page = store.persons().list(query);
                   for (const auto& person : page.items) writer.writeRow(PersonCsv::toRow(person));
                   if (static_cast<int>(page.items.size()) < kExportPage) break;
               }
           })
        .header("Content-Disposition", "attachment; filename=\"persons.csv\"");
}

Reply PersonCsvResource::importCsv(RequestContext& ctx) {
    CsvReader reader(ctx.body());
    std::vector<std::string> fields;
    try {
        if (!reader.next(fields)) throw ApiError::badRequest("the CSV is empty; row 1 must name the columns");
    } catch (const CsvError& e) {
        throw ApiError::badRequest(e.what());
    }
    const PersonCsv csv(fields);

    std::int64_t imported = 0;
    std::int64_t failed = 0;
    auto errors = json::array();
    auto fail = [&](std::size_t row, const std::string& field, const std::string& message) {
        ++failed;
        if (errors->size() >= kMaxReportedErrors) return;
        auto error = json::object();
        error->set("row", static_cast<std::uint64_t>(row));
        error->set("field", field);
        error->set("message", message);
        errors->add(error);
    };

    while (true) {
        try {
            if (!reader.next(fields)) break;
        } catch (const CsvError& e) {
            // Past a broken quote there is no telling where rows begin; stop
            // here and keep what was imported.
            fail(e.record(), "", std::string(e.what()) + "; the rest of the file was not read");
            break;
        }
        const std::size_t row = reader.record();
        if (CsvReader::isBlank(fields)) continue;
        try {
            std::lock_guard lock(services_.personWrites);
            const auto id = csv.userId(fields);
            const auto existing = id ? services_.store.persons().find(*id) : std::nullopt;
            Person person = existing ? *existing : Person{};
            if (id) person.userId = *id;
            PersonJson::apply(csv.toJson(fields, existing ? &*existing : nullptr), person, false);
            PersonJson::validate(person);
            services_.store.atomically([&] {
                const Person saved = services_.store.persons().save(person);
                PersonResource::announce(services_, saved, existing ? "updated" : "created");
            });
            ++imported;
        } catch (const ApiError& e) {
            fail(row, columnOf(e.field()), messageWithout(e));
        } catch (const StoreError& e) {
            if (!e.conflict()) throw;  // the store is failing: stop, answer 500
            fail(row, "", e.publicMessage());
        }
    }

    auto body = json::object();
    body->set("imported", imported);
    body->set("failed", failed);
    body->set("errors", errors);
    if (failed > static_cast<std::int64_t>(errors->size())) body->set("errorsTruncated", true);
    // The audit keeps the counts, never the uploaded rows (they hold passwords).
    auto detail = json::object();
    detail->set("imported", imported);
    detail->set("failed", failed);
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    return Reply::json(body);
}

} // namespace passway::admin
