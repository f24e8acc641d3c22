#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace passway::admin {

// Writes RFC 4180 CSV: CRLF line ends; a field is quoted when it holds a
// comma, quote, line break or leading/trailing space, with quotes doubled.
//
// Exports are opened in spreadsheets, so the writer can also
//  - start with a UTF-8 byte order mark, without which Excel reads UTF-8 as
//    the local code page and garbles non-ASCII names;
//  - defuse formulas: a cell starting with = + - @ or a tab/CR would be
//    evaluated by a spreadsheet (CSV injection), so it is prefixed with a
//    single quote. unescapeFormula() undoes that on import.
class CsvWriter {
public:
    struct Options {
        bool byteOrderMark = true;
        bool defuseFormulas = true;
    };

    explicit CsvWriter(std::ostream& out) : CsvWriter(out, Options{}) {}
    CsvWriter(std::ostream& out, Options options);

    void writeRow(const std::vector<std::string>& fields);

    static std::string quote(const std::string& field);
    static std::string defuseFormula(const std::string& field);
    static std::string unescapeFormula(const std::string& field);

private:
    std::ostream& out_;
    Options options_;
    bool started_ = false;
};

} // namespace passway::admin
