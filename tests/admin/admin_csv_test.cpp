#include <boost/test/unit_test.hpp>

// CsvReader and CsvWriter (RFC 4180 plus what spreadsheets write), and the
// person spreadsheet mapping PersonCsv.

#include "admin/csv/CsvReader.h"
#include "admin/csv/CsvWriter.h"
#include "admin/csv/PersonCsv.h"
#include "admin/http/ApiError.h"

#include <sstream>

using namespace passway;
using namespace passway::admin;
using Rows = std::vector<std::vector<std::string>>;

namespace {

Rows readAll(std::string_view text) {
    CsvReader reader(text);
    Rows rows;
    std::vector<std::string> fields;
    while (reader.next(fields)) rows.push_back(fields);
    return rows;
}

} // namespace

BOOST_AUTO_TEST_SUITE(csv_reader)

BOOST_AUTO_TEST_CASE(plain_fields_and_line_ends) {
    BOOST_TEST((readAll("a,b,c\r\n1,2,3\r\n") == Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
    BOOST_TEST((readAll("a,b\n1,2") == Rows{{"a", "b"}, {"1", "2"}}));     // LF, no final line break
    BOOST_TEST((readAll("a,b\r1,2\r") == Rows{{"a", "b"}, {"1", "2"}}));   // old Mac CR
    BOOST_TEST(readAll("").empty());
}

BOOST_AUTO_TEST_CASE(empty_fields_are_kept) {
    BOOST_TEST((readAll(",,\r\n") == Rows{{"", "", ""}}));
    BOOST_TEST((readAll("a,,c\n") == Rows{{"a", "", "c"}}));
    BOOST_TEST((readAll("a,\n") == Rows{{"a", ""}}));
}

BOOST_AUTO_TEST_CASE(quoted_fields_hold_separators_quotes_and_line_breaks) {
    const auto rows = readAll("name,note\r\n\"Li, Lei\",\"said \"\"hi\"\"\"\r\n\"two\r\nlines\",\"\"\r\n");
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    BOOST_TEST(rows[1][0] == "Li, Lei");
    BOOST_TEST(rows[1][1] == "said \"hi\"");
    BOOST_TEST(rows[2][0] == "two\r\nlines");
    BOOST_TEST(rows[2][1] == "");
}

BOOST_AUTO_TEST_CASE(records_are_counted_like_spreadsheet_rows) {
    CsvReader reader("h1,h2\n\"multi\nline\nvalue\",x\nlast,y\n");
    std::vector<std::string> fields;
    BOOST_TEST(reader.next(fields));
    BOOST_TEST(reader.record() == 1u);
    BOOST_TEST(reader.next(fields));
    BOOST_TEST(reader.record() == 2u);  // spans three lines, still one row
    BOOST_TEST(reader.next(fields));
    BOOST_TEST(reader.record() == 3u);
    BOOST_TEST(fields[0] == "last");
    BOOST_TEST(!reader.next(fields));
}

BOOST_AUTO_TEST_CASE(utf8_byte_order_mark_is_skipped_and_utf8_kept) {
    const auto rows = readAll("\xEF\xBB\xBFuserId,name\r\n7,\xE6\x9D\x8E\xE9\x9B\xB7\r\n");
    BOOST_REQUIRE_EQUAL(rows.size(), 2u);
    BOOST_TEST(rows[0][0] == "userId");
    BOOST_TEST(rows[1][1] == "\xE6\x9D\x8E\xE9\x9B\xB7");  // 李雷
}

BOOST_AUTO_TEST_CASE(blank_lines_are_blank_records) {
    CsvReader reader("a\n\nb\n");
    std::vector<std::string> fields;
    BOOST_TEST(reader.next(fields));
    BOOST_TEST(reader.next(fields));
    BOOST_TEST(CsvReader::isBlank(fields));
    BOOST_TEST(reader.record() == 2u);
    BOOST_TEST(reader.next(fields));
    BOOST_TEST(fields[0] == "b");
    BOOST_TEST(reader.record() == 3u);
}

BOOST_AUTO_TEST_CASE(a_quote_inside_an_unquoted_field_is_literal) {
    BOOST_TEST((readAll("5\" screen,x\n") == Rows{{"5\" screen", "x"}}));
}

BOOST_AUTO_TEST_CASE(malformed_quotes_are_errors_naming_the_row) {
    CsvReader open("a,b\n1,\"never closed\n2,3\n");
    std::vector<std::string> fields;
    BOOST_TEST(open.next(fields));
    try {
        open.next(fields);
        BOOST_FAIL("an unterminated quote must throw");
    } catch (const CsvError& e) {
        BOOST_TEST(e.record() == 2u);
        BOOST_TEST(std::string(e.what()).find("row 2") != std::string::npos);
    }
    CsvReader trailing("\"closed\"junk,x\n");
    BOOST_CHECK_THROW(trailing.next(fields), CsvError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(csv_writer)

BOOST_AUTO_TEST_CASE(quotes_only_what_needs_it_and_ends_lines_with_crlf) {
    std::ostringstream out;
    CsvWriter writer(out, {false, false});
    writer.writeRow({"plain", "a,b", "say \"x\"", "two\nlines", " padded", ""});
    BOOST_TEST(out.str() == "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",\" padded\",\r\n");
}

BOOST_AUTO_TEST_CASE(starts_with_a_bom_for_spreadsheets) {
    std::ostringstream out;
    CsvWriter writer(out);
    writer.writeRow({"a"});
    writer.writeRow({"b"});
    BOOST_TEST(out.str() == "\xEF\xBB\xBF" "a\r\nb\r\n");
}

BOOST_AUTO_TEST_CASE(formulas_are_defused_but_numbers_are_not) {
    BOOST_TEST(CsvWriter::defuseFormula("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")");
    BOOST_TEST(CsvWriter::defuseFormula("+1+1") == "'+1+1");
    BOOST_TEST(CsvWriter::defuseFormula("@SUM(A1)") == "'@SUM(A1)");
    BOOST_TEST(CsvWriter::defuseFormula("-3.5") == "-3.5");
    BOOST_TEST(CsvWriter::defuseFormula("Li Lei") == "Li Lei");
    BOOST_TEST(CsvWriter::unescapeFormula("'=1+1") == "=1+1");
    BOOST_TEST(CsvWriter::unescapeFormula("'quoted name") == "'quoted name");
}

BOOST_AUTO_TEST_CASE(what_the_writer_writes_the_reader_reads_back) {
    const std::vector<std::string> row{"a,b", "q\"uote", "multi\r\nline", "", "=formula", "\xE5\xBC\xA0\xE4\xB8\x89"};
    std::ostringstream out;
    CsvWriter writer(out);
    writer.writeRow(row);
    writer.writeRow(row);
    const auto rows = readAll(out.str());
    BOOST_REQUIRE_EQUAL(rows.size(), 2u);
    for (const auto& read : rows) {
        BOOST_REQUIRE_EQUAL(read.size(), row.size());
        for (std::size_t i = 0; i < row.size(); ++i) {
            BOOST_TEST(CsvWriter::unescapeFormula(read[i]) == row[i]);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(person_csv)

BOOST_AUTO_TEST_CASE(header_names_are_matched_loosely_but_unknown_ones_refused) {
    PersonCsv csv({" USERID ", "Name", "cards"});
    BOOST_TEST(csv.has("userId"));
    BOOST_TEST(csv.has("cards"));
    BOOST_TEST(!csv.has("password"));
    BOOST_CHECK_THROW(PersonCsv({"userId", "nmae"}), ApiError);
    BOOST_CHECK_THROW(PersonCsv({"name", "Name"}), ApiError);
    BOOST_CHECK_THROW(PersonCsv({"job", "department"}), ApiError);  // neither userId nor name
}

BOOST_AUTO_TEST_CASE(a_row_becomes_a_patch_body) {
    PersonCsv csv(PersonCsv::columns());
    const auto body = csv.toJson({"7", "E007", "Li Lei", "engineer", "R&D", "110101", "", "1700000000000", "",
                                  "lobby | lab", "1001|1002", "4321"},
                                 nullptr);
    BOOST_TEST(body->getValue<std::string>("name") == "Li Lei");
    BOOST_TEST(body->getValue<std::string>("role") == "normal");
    BOOST_TEST(body->getValue<std::int64_t>("validFrom") == 1700000000000);
    BOOST_TEST(body->isNull("validUntil"));
    BOOST_TEST(body->getArray("accessGroups")->size() == 2u);
    BOOST_TEST(body->getArray("accessGroups")->getElement<std::string>(1) == "lab");
    const auto credentials = body->getArray("credentials");
    BOOST_REQUIRE_EQUAL(credentials->size(), 3u);
    BOOST_TEST(credentials->getObject(2)->getValue<std::string>("kind") == "password");
    BOOST_TEST(*csv.userId({"7"}) == 7u);
}

BOOST_AUTO_TEST_CASE(bad_cells_name_their_column) {
    PersonCsv csv(PersonCsv::columns());
    try {
        csv.userId({"seven"});
        BOOST_FAIL("a non-numeric userId must be refused");
    } catch (const ApiError& e) {
        BOOST_TEST(e.field() == "userId");
    }
    try {
        csv.toJson({"7", "", "x", "", "", "", "", "yesterday", "", "", "", ""}, nullptr);
        BOOST_FAIL("a non-numeric time must be refused");
    } catch (const ApiError& e) {
        BOOST_TEST(e.field() == "validFrom");
    }
}

BOOST_AUTO_TEST_CASE(an_empty_password_cell_keeps_the_stored_password) {
    Person existing;
    existing.userId = 9;
    existing.credentials = {{"password", "8642", "", 0}, {"card", "555", "", 0}, {"qrcode", "QR1", "", 0}};
    PersonCsv csv({"userId", "name", "cards", "password"});
    const auto credentials = csv.toJson({"9", "Han", "777", ""}, &existing)->getArray("credentials");
    std::vector<std::string> seen;
    for (unsigned i = 0; i < credentials->size(); ++i) {
        const auto c = credentials->getObject(i);
        seen.push_back(c->getValue<std::string>("kind") + "=" + c->getValue<std::string>("value"));
    }
    BOOST_TEST((seen == std::vector<std::string>{"card=777", "password=8642", "qrcode=QR1"}));
}

BOOST_AUTO_TEST_CASE(export_rows_never_carry_the_password) {
    Person p;
    p.userId = 3;
    p.name = "Wang";
    p.validUntil = 1800000000;  // seconds in the model
    p.accessGroups = {"a", "b"};
    p.credentials = {{"card", "100", "", 0}, {"password", "secret-pin", "", 0}, {"card", "200", "", 1}};
    const auto row = PersonCsv::toRow(p);
    BOOST_REQUIRE_EQUAL(row.size(), PersonCsv::columns().size());
    BOOST_TEST(row[8] == "1800000000000");
    BOOST_TEST(row[9] == "a|b");
    BOOST_TEST(row[10] == "100|200");
    BOOST_TEST(row[11] == "");
}

BOOST_AUTO_TEST_SUITE_END()
