#include <boost/test/unit_test.hpp>

#include "wire/Gzip.h"
#include "wire/Multipart.h"
#include "wire/ProtocolError.h"

using namespace passway::httpv2;

namespace {

// The document's boundary: the Content-Type's value, two more dashes on the lines.
const std::string kBoundary = "--------------------------506873351428002157394455";

std::string part(const std::string& headers, const std::string& content, const std::string& eol = "\r\n") {
    return "--" + kBoundary + eol + headers + eol + content + eol;
}

std::string closing(const std::string& eol = "\r\n") { return "--" + kBoundary + "--" + eol; }

int code(const std::function<void()>& f) {
    try {
        f();
    } catch (const ProtocolError& e) {
        return e.success();
    }
    return 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(multipart)

BOOST_AUTO_TEST_CASE(the_boundary_comes_from_the_content_type) {
    BOOST_TEST(MultipartForm::boundaryOf("multipart/form-data; boundary=" + kBoundary) == kBoundary);
    BOOST_TEST(MultipartForm::boundaryOf("multipart/form-data; boundary=\"a b\"; charset=x") == "a b");
    BOOST_TEST(MultipartForm::boundaryOf("application/json") == "");
}

BOOST_AUTO_TEST_CASE(a_record_with_a_gzipped_detail_and_a_photo_reads_whole) {
    const std::string detail = R"({"RecordID":120,"RecordType":3})";
    const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(1000, '\0') + "\r\n--not-it\r\n\xFF\xD9";
    const std::string body =
        part("Content-Disposition: form-data; name=\"SN\"\r\n", " FC-8380T12345678") +
        part("Content-Disposition: form-data; name=\"RecordDetail\"\r\nContent-Encoding: gzip\r\n"
             "Content-Type: application/octet-stream\r\n",
             gzip(detail)) +
        part("Content-Disposition: form-data; name=\"Photo\"; filename=\"Photo.jpg\"\r\nContent-Type: image/jpeg\r\n",
             jpeg) +
        closing();
    const auto form = MultipartForm::parse(body, kBoundary);
    BOOST_TEST(form.parts().size() == 3u);
    BOOST_TEST(form.field({"SN"}, 1 << 20) == "FC-8380T12345678");  // the example's leading space trimmed
    const FormPart* d = form.find({"RecordDetail", "recordJson"});
    BOOST_REQUIRE(d);
    BOOST_TEST(d->contentEncoding == "gzip");
    BOOST_TEST(MultipartForm::decoded(*d, 1 << 20) == detail);
    const FormPart* photo = form.find({"Photo", "pic"});
    BOOST_REQUIRE(photo);
    BOOST_TEST(photo->filename == "Photo.jpg");
    BOOST_TEST(photo->contentType == "image/jpeg");
    BOOST_TEST((std::string(photo->body) == jpeg));
}

BOOST_AUTO_TEST_CASE(the_examples_field_names_are_found_too) {
    const std::string body = part("Content-Disposition: form-data; name=\"recordJson\"\r\n", "{}") +
                             part("Content-Disposition: form-data; name=pic; filename=Postman_file.jpg\r\n", "JPEG") +
                             closing();
    const auto form = MultipartForm::parse(body, kBoundary);
    BOOST_TEST(form.find({"RecordDetail", "recordJson"})->name == "recordJson");
    BOOST_TEST(std::string(form.find({"Photo", "pic"})->body) == "JPEG");
    BOOST_TEST(form.find({"PIC"}));  // names match case-insensitively
    BOOST_TEST(!form.find({"Detail"}));
}

BOOST_AUTO_TEST_CASE(bare_lf_line_ends_are_accepted) {
    const std::string body = part("Content-Disposition: form-data; name=\"SN\"\n", "X1", "\n") + closing("\n");
    BOOST_TEST(MultipartForm::parse(body, kBoundary).field({"SN"}, 100) == "X1");
}

BOOST_AUTO_TEST_CASE(a_gzip_part_without_its_header_is_recognised_by_its_magic) {
    const std::string body = part("Content-Disposition: form-data; name=\"Detail\"\r\n", gzip("{\"UserID\":\"3\"}")) + closing();
    const auto form = MultipartForm::parse(body, kBoundary);
    BOOST_TEST(MultipartForm::decoded(*form.find({"Detail"}), 1 << 20) == "{\"UserID\":\"3\"}");
}

BOOST_AUTO_TEST_CASE(a_body_cut_before_its_closing_boundary_is_refused) {
    const std::string whole = part("Content-Disposition: form-data; name=\"SN\"\r\n", "X") +
                              part("Content-Disposition: form-data; name=\"Photo\"; filename=\"p.jpg\"\r\n",
                                   std::string(30000, 'x')) +
                              closing();
    BOOST_TEST(code([&] { MultipartForm::parse(whole.substr(0, whole.size() * 6 / 10), kBoundary); }) == 400);
    BOOST_TEST(code([&] { MultipartForm::parse(whole.substr(0, 20), kBoundary); }) == 400);
    BOOST_TEST(code([&] { MultipartForm::parse("no boundary here", kBoundary); }) == 400);
    BOOST_TEST(code([&] { MultipartForm::parse(whole, ""); }) == 400);
    BOOST_TEST(code([&] { MultipartForm::parse(whole, kBoundary); }) == 0);
}

BOOST_AUTO_TEST_CASE(a_part_that_says_gzip_and_is_not_is_a_400) {
    const std::string body = part("Content-Disposition: form-data; name=\"RecordDetail\"\r\nContent-Encoding: gzip\r\n",
                                  "{\"RecordID\":5}") +
                             closing();
    const auto form = MultipartForm::parse(body, kBoundary);
    BOOST_TEST(code([&] { MultipartForm::decoded(*form.find({"RecordDetail"}), 1 << 20); }) == 400);
}

BOOST_AUTO_TEST_CASE(a_gzip_part_inflating_past_the_limit_is_a_413) {
    const std::string body = part("Content-Disposition: form-data; name=\"Detail\"\r\nContent-Encoding: gzip\r\n",
                                  gzip(std::string(1 << 20, ' '))) +
                             closing();
    const auto form = MultipartForm::parse(body, kBoundary);
    BOOST_TEST(code([&] { MultipartForm::decoded(*form.find({"Detail"}), 64 * 1024); }) == 413);
}

BOOST_AUTO_TEST_CASE(parts_and_part_headers_are_bounded) {
    std::string body;
    for (std::size_t i = 0; i < MultipartForm::kMaxParts; ++i) {
        body += part("Content-Disposition: form-data; name=\"f" + std::to_string(i) + "\"\r\n", "x");
    }
    BOOST_TEST(code([&] { MultipartForm::parse(body + closing(), kBoundary); }) == 0);
    const std::string over = body + part("Content-Disposition: form-data; name=\"one-more\"\r\n", "x") + closing();
    BOOST_TEST(code([&] { MultipartForm::parse(over, kBoundary); }) == 400);

    std::string headers = "Content-Disposition: form-data; name=\"SN\"\r\n";
    for (std::size_t i = 0; i < MultipartForm::kMaxPartHeaders; ++i) headers += "X-Filler: " + std::to_string(i) + "\r\n";
    BOOST_TEST(code([&] { MultipartForm::parse(part(headers, "FC-1") + closing(), kBoundary); }) == 400);
}

BOOST_AUTO_TEST_SUITE_END()
