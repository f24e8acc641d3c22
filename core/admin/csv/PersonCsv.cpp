#include "admin/csv/PersonCsv.h"

#include "admin/csv/CsvWriter.h"
#include "admin/http/ApiError.h"
#include "admin/json/Json.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace passway::admin {

namespace {

std::vector<std::string> splitList(const std::string& cell) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= cell.size()) {
        std::size_t end = cell.find('|', start);
        if (end == std::string::npos) end = cell.size();
        std::string item = Poco::trim(cell.substr(start, end - start));
        if (!item.empty()) out.push_back(std::move(item));
        start = end + 1;
    }
    return out;
}

std::string joinList(const std::vector<std::string>& items) {
    return Poco::cat(std::string("|"), items.begin(), items.end());
}

std::int64_t parseNumber(const std::string& cell, const std::string& column, std::int64_t min, std::int64_t max,
                         const std::string& what) {
    std::int64_t value = 0;
    if (cell.find_first_not_of("0123456789") != std::string::npos || !Poco::NumberParser::tryParse64(cell, value) ||
        value < min || value > max) {
        throw ApiError::invalid(column, "'" + cell.substr(0, 40) + "' is not " + what);
    }
    return value;
}

} // namespace

const std::vector<std::string>& PersonCsv::columns() {
    static const std::vector<std::string> names{"userId",    "code",       "name",         "job",
                                                "department", "idCard",    "role",         "validFrom",
                                                "validUntil", "accessGroups", "cards",     "password"};
    return names;
}

PersonCsv::PersonCsv(const std::vector<std::string>& header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string name = Poco::trim(header[i]);
        if (name.empty() && i + 1 == header.size()) continue;  // a trailing comma some tools write
        std::string canonical;
        for (const auto& column : columns()) {
            if (Poco::icompare(column, name) == 0) canonical = column;
        }
        if (canonical.empty()) {
            throw ApiError(400, "invalid", "row 1: unknown column '" + name.substr(0, 40) +
                                               "'; the columns are " + joinList(columns()), "header");
        }
        if (!index_.emplace(canonical, i).second) {
            throw ApiError(400, "invalid", "row 1: column '" + canonical + "' appears twice", "header");
        }
    }
    if (!has("userId") && !has("name")) {
        throw ApiError(400, "invalid", "row 1: the header needs a userId or a name column", "header");
    }
}

std::string PersonCsv::cell(const std::vector<std::string>& fields, const std::string& column) const {
    const auto it = index_.find(column);
    if (it == index_.end() || it->second >= fields.size()) return "";  // short rows read as empty cells
    return Poco::trim(CsvWriter::unescapeFormula(fields[it->second]));
}

std::optional<std::uint32_t> PersonCsv::userId(const std::vector<std::string>& fields) const {
    const std::string text = cell(fields, "userId");
    if (text.empty()) return std::nullopt;
    return static_cast<std::uint32_t>(parseNumber(text, "userId", 1, 4294967295, "a whole number from 1 to 4294967295"));
}

Poco::JSON::Object::Ptr PersonCsv::toJson(const std::vector<std::string>& fields, const Person* existing) const {
    auto body = json::object();
    for (const char* column : {"code", "name", "job", "department", "idCard"}) {
        if (has(column)) body->set(column, cell(fields, column));
    }
    if (has("role")) {
        const std::string role = cell(fields, "role");
        body->set("role", role.empty() ? std::string("normal") : role);
    }
    for (const char* column : {"validFrom", "validUntil"}) {
        if (!has(column)) continue;
        const std::string text = cell(fields, column);
        if (text.empty()) {
            body->set(column, Poco::Dynamic::Var());
        } else {
            body->set(column, parseNumber(text, column, 0, 253402300799999, "a time in unix milliseconds"));
        }
    }
    if (has("accessGroups")) {
        auto groups = json::array();
        for (const auto& group : splitList(cell(fields, "accessGroups"))) groups->add(group);
        body->set("accessGroups", groups);
    }
    if (has("cards") || has("password")) {
        auto credentials = json::array();
        auto add = [&](const std::string& kind, const std::string& value, int index) {
            auto c = json::object();
            c->set("kind", kind);
            c->set("value", value);
            c->set("index", index);
            credentials->add(c);
        };
        const std::vector<Credential> none;
        const auto& current = existing ? existing->credentials : none;
        if (has("cards")) {
            const auto cards = splitList(cell(fields, "cards"));
            for (std::size_t i = 0; i < cards.size(); ++i) {
                for (std::size_t j = 0; j < i; ++j) {
                    if (cards[j] == cards[i]) throw ApiError::invalid("cards", "card " + cards[i] + " is listed twice");
                }
                add("card", cards[i], static_cast<int>(i));
            }
        }
        const std::string password = cell(fields, "password");
        if (!password.empty()) add("password", password, 0);
        for (const auto& c : current) {
            const bool keep = (c.kind == "card" && !has("cards")) || (c.kind == "password" && password.empty()) ||
                              c.kind == "qrcode";
            if (keep) add(c.kind, c.value, c.index);
        }
        body->set("credentials", credentials);
    }
    return body;
}

std::vector<std::string> PersonCsv::toRow(const Person& p) {
    std::vector<std::string> cards;
    for (const auto& c : p.credentials) {
        if (c.kind == "card") cards.push_back(c.value);
    }
    auto millis = [](const std::optional<std::int64_t>& seconds) {
        return seconds ? std::to_string(*seconds * 1000) : std::string();
    };
    return {std::to_string(p.userId), p.code,           p.name,          p.job,
            p.department,             p.idCard,         p.role,          millis(p.validFrom),
            millis(p.validUntil),     joinList(p.accessGroups), joinList(cards),
            ""};  // the password column is never exported
}

} // namespace passway::admin
