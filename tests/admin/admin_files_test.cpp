#include <boost/test/unit_test.hpp>

// /api/v1/files: firmware and other files an operator hands to terminals.

#include "AdminFixture.h"

#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>
#include <Poco/String.h>

using namespace passway;
using namespace passway::test;

namespace {

std::string firmwareImage(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + 7) % 251);
    return bytes;
}

std::string upperMd5(const std::string& bytes) {
    Poco::MD5Engine md5;
    md5.update(bytes.data(), bytes.size());
    return Poco::toUpper(Poco::DigestEngine::digestToHex(md5.digest()));
}

} // namespace

BOOST_FIXTURE_TEST_CASE(an_uploaded_file_is_stored_by_content_and_given_back, AdminFixture) {
    const std::string image = firmwareImage(3 * 1024 * 1024 + 17);
    const auto uploaded = admin("POST", "/api/v1/files", image, "application/octet-stream");
    BOOST_TEST_REQUIRE(uploaded.status == 201);
    const std::string sha = uploaded.json()->getValue<std::string>("sha256");
    BOOST_TEST(sha == BlobStore::sha256Hex(image));
    BOOST_TEST(uploaded.json()->getValue<std::string>("md5") == upperMd5(image));
    BOOST_TEST(uploaded.json()->getValue<std::uint64_t>("size") == image.size());
    BOOST_TEST(blobs->contains(sha));

    const auto again = admin("POST", "/api/v1/files", image, "application/octet-stream");
    BOOST_TEST(again.status == 201);
    BOOST_TEST(again.json()->getValue<std::string>("sha256") == sha);

    const auto downloaded = admin("GET", "/api/v1/files/" + sha);
    BOOST_TEST(downloaded.status == 200);
    BOOST_TEST(downloaded.body == image);
}

BOOST_FIXTURE_TEST_CASE(bad_requests_get_clear_errors, AdminFixture) {
    BOOST_TEST(admin("POST", "/api/v1/files", "", "application/octet-stream").status == 400);
    BOOST_TEST(admin("GET", "/api/v1/files/not-a-hash").status == 400);
    BOOST_TEST(admin("GET", "/api/v1/files/" + std::string(64, 'a')).status == 404);
    BOOST_TEST(call("POST", "/api/v1/files", "x", "", "application/octet-stream").status == 401);
}

BOOST_FIXTURE_TEST_CASE(a_viewer_may_neither_upload_nor_download, AdminFixture) {
    const std::string viewer = userToken("vic", "viewer");
    BOOST_TEST(call("POST", "/api/v1/files", "firmware", viewer, "application/octet-stream").status == 403);
    const auto uploaded = admin("POST", "/api/v1/files", "firmware", "application/octet-stream");
    BOOST_TEST_REQUIRE(uploaded.status == 201);
    // The blob store also holds face and fingerprint templates.
    BOOST_TEST(call("GET", "/api/v1/files/" + uploaded.json()->getValue<std::string>("sha256"), "", viewer).status == 403);
}
