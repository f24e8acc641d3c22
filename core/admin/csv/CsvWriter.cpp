#include "admin/csv/CsvWriter.h"

namespace passway::admin {

namespace {

// A plain number such as -3.5 is data, not a formula, and stays as it is.
bool isPlainNumber(const std::string& field) {
    std::size_t i = (field[0] == '-' || field[0] == '+') ? 1 : 0;
    bool digits = false, dot = false;
    for (; i < field.size(); ++i) {
        if (field[i] >= '0' && field[i] <= '9') {
            digits = true;
        } else if (field[i] == '.' && !dot) {
            dot = true;
        } else {
            return false;
        }
    }
    return digits;
}

bool startsFormula(const std::string& field) {
    return !field.empty() && std::string("=+-@\t\r").find(field.front()) != std::string::npos &&
           !isPlainNumber(field);
}

} // namespace

CsvWriter::CsvWriter(std::ostream& out, Options options) : out_(out), options_(options) {}

void CsvWriter::writeRow(const std::vector<std::string>& fields) {
    if (!started_ && options_.byteOrderMark) out_ << "\xEF\xBB\xBF";
    started_ = true;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out_ << ',';
        out_ << quote(options_.defuseFormulas ? defuseFormula(fields[i]) : fields[i]);
    }
    out_ << "\r\n";
}

std::string CsvWriter::quote(const std::string& field) {
    const bool needsQuotes = field.find_first_of(",\"\r\n") != std::string::npos ||
                             (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!needsQuotes) return field;
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string CsvWriter::defuseFormula(const std::string& field) {
    return startsFormula(field) ? "'" + field : field;
}

std::string CsvWriter::unescapeFormula(const std::string& field) {
    if (field.size() >= 2 && field.front() == '\'' && startsFormula(field.substr(1))) return field.substr(1);
    return field;
}

} // namespace passway::admin
