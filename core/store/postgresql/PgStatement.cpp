#include "store/postgresql/PgStatement.h"

#include <libpq-fe.h>

#include <cstdlib>

namespace passway {

namespace {

// Type Oids from pg_type.h (stable since forever).
constexpr unsigned int kInt8 = 20;
constexpr unsigned int kFloat8 = 701;
constexpr unsigned int kBytea = 17;

} // namespace

PgStatement::PgStatement(PgConnection& connection, std::string sql) : connection_(&connection), sql_(std::move(sql)) {}

PgStatement& PgStatement::set(int index, std::optional<std::string> value, unsigned int type, int binary) {
    const auto slot = static_cast<std::size_t>(index - 1);
    if (params_.values.size() <= slot) {
        params_.values.resize(slot + 1);
        params_.types.resize(slot + 1, 0);
        params_.binary.resize(slot + 1, 0);
    }
    params_.values[slot] = std::move(value);
    params_.types[slot] = type;
    params_.binary[slot] = binary;
    return *this;
}

PgStatement& PgStatement::bind(int index, std::int64_t value) { return set(index, std::to_string(value), kInt8, 0); }

PgStatement& PgStatement::bind(int index, bool value) { return set(index, value ? "1" : "0", 0, 0); }

PgStatement& PgStatement::bind(int index, double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return set(index, std::string(text), kFloat8, 0);
}

PgStatement& PgStatement::bind(int index, std::string_view value) { return set(index, std::string(value), 0, 0); }

PgStatement& PgStatement::bindNull(int index) { return set(index, std::nullopt, 0, 0); }

PgStatement& PgStatement::bindBlob(int index, std::string_view bytes) {
    return set(index, std::string(bytes), kBytea, 1);
}

void PgStatement::execute() {
    result_ = connection_->run(sql_, params_);
    rows_ = PQntuples(result_.get());
    row_ = -1;
}

bool PgStatement::step() {
    if (!result_) execute();
    if (row_ < rows_) ++row_;
    return row_ < rows_;
}

void PgStatement::run() {
    if (!result_) execute();
    row_ = rows_;
}

void PgStatement::reset() {
    result_.reset();
    rows_ = 0;
    row_ = -1;
    params_ = PgParams{};
}

bool PgStatement::isNull(int column) const { return PQgetisnull(result_.get(), row_, column) != 0; }

std::int64_t PgStatement::int64(int column) const {
    const char* value = PQgetvalue(result_.get(), row_, column);
    if (!value || !*value) return 0;
    if (*value == 't') return 1;  // a boolean column
    if (*value == 'f') return 0;
    return std::strtoll(value, nullptr, 10);
}

double PgStatement::real(int column) const {
    const char* value = PQgetvalue(result_.get(), row_, column);
    return value && *value ? std::strtod(value, nullptr) : 0.0;
}

std::string PgStatement::text(int column) const {
    const char* value = PQgetvalue(result_.get(), row_, column);
    return std::string(value, static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
}

std::string PgStatement::blob(int column) const {
    // Results come as text: bytea in its hex form, decoded here.
    const auto* value = reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, column));
    std::size_t length = 0;
    unsigned char* bytes = PQunescapeBytea(value, &length);
    if (!bytes) return {};
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
}

std::optional<std::int64_t> PgStatement::optionalInt64(int column) const {
    if (isNull(column)) return std::nullopt;
    return int64(column);
}

std::optional<double> PgStatement::optionalReal(int column) const {
    if (isNull(column)) return std::nullopt;
    return real(column);
}

} // namespace passway
