// The person CSV import of the admin API: records, the header row, each
// row as a PATCH body applied to a person (the path of POST /persons/import).
// Input: the uploaded file.

#include "admin/csv/CsvReader.h"
#include "admin/csv/PersonCsv.h"
#include "admin/http/ApiError.h"
#include "admin/json/PersonJson.h"

#include <Poco/Exception.h>

#include <cstdint>
#include <optional>

using namespace passway;
using namespace passway::admin;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    CsvReader reader(std::string_view(reinterpret_cast<const char*>(data), size));
    std::vector<std::string> fields;
    try {
        if (!reader.next(fields)) return 0;
        std::optional<PersonCsv> csv;
        try {
            csv.emplace(fields);
        } catch (const ApiError&) {
            return 0;
        }
        for (int rows = 0; rows < 1000 && reader.next(fields); ++rows) {
            if (CsvReader::isBlank(fields)) continue;
            try {
                (void)csv->userId(fields);
                Person person;
                const auto body = csv->toJson(fields, nullptr);
                PersonJson::apply(body, person, true);
                PersonJson::validate(person);
                (void)PersonCsv::toRow(person);
            } catch (const ApiError&) {
            }
        }
    } catch (const CsvError&) {
    }
    return 0;
}
