#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace passway::admin {

class CsvError : public std::runtime_error {
public:
    CsvError(const std::string& message, std::size_t record) : std::runtime_error(message), record_(record) {}
    std::size_t record() const { return record_; }  // 1-based record where it happened

private:
    std::size_t record_;
};

// Reads CSV as RFC 4180 describes it, plus what spreadsheets really write:
//  - fields separated by ',', records by CRLF, LF or a lone CR;
//  - a quoted field may hold separators, line breaks and "" for one quote;
//  - a UTF-8 byte order mark at the very start is skipped (Excel writes one);
//  - a final line break does not make an extra empty record.
// Malformed input — text after a closing quote, or a quote left open at the
// end — throws CsvError naming the record, instead of guessing.
//
// Records are counted the way a spreadsheet numbers rows: a record whose
// quoted field spans three lines is still one row.
class CsvReader {
public:
    explicit CsvReader(std::string_view text);

    // The next record into `fields`; false at the end of the input.
    bool next(std::vector<std::string>& fields);
    // 1-based number of the record next() returned last.
    std::size_t record() const { return record_; }
    // True when a record is a blank line (one empty field).
    static bool isBlank(const std::vector<std::string>& fields) {
        return fields.size() == 1 && fields.front().empty();
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t record_ = 0;
};

} // namespace passway::admin
