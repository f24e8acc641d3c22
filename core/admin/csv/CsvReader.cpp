#include "admin/csv/CsvReader.h"

namespace passway::admin {

CsvReader::CsvReader(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::next(std::vector<std::string>& fields) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    ++record_;
    std::string field;
    while (true) {
        if (pos_ < text_.size() && text_[pos_] == '"') {
            // Quoted field: runs to the quote that is not doubled.
            ++pos_;
            while (true) {
                const std::size_t quote = text_.find('"', pos_);
                if (quote == std::string_view::npos) {
                    throw CsvError("row " + std::to_string(record_) + ": a quoted field is never closed", record_);
                }
                field.append(text_.substr(pos_, quote - pos_));
                pos_ = quote + 1;
                if (pos_ < text_.size() && text_[pos_] == '"') {
                    field.push_back('"');
                    ++pos_;
                    continue;
                }
                break;
            }
            if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
                throw CsvError("row " + std::to_string(record_) + ": unexpected text after a closing quote", record_);
            }
        } else {
            // Unquoted field: up to the next separator or line break. A quote
            // inside it is kept literally, as spreadsheets do.
            const std::size_t end = text_.find_first_of(",\r\n", pos_);
            const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
            field.append(text_.substr(pos_, stop - pos_));
            pos_ = stop;
        }
        fields.push_back(std::move(field));
        field.clear();

        if (pos_ >= text_.size()) return true;
        const char c = text_[pos_++];
        if (c == ',') continue;
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        return true;  // end of record
    }
}

} // namespace passway::admin
