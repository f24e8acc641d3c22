#include <boost/test/unit_test.hpp>

// /api/v1/persons: CRUD, paging, search, validation, events, CSV import and
// export, photos.

#include "AdminFixture.h"

#include "admin/csv/CsvReader.h"

#include <set>

using namespace passway;
using namespace passway::test;

namespace {

std::string person(int userId, const std::string& name, const std::string& extra = "") {
    return "{\"userId\":" + std::to_string(userId) + ",\"name\":\"" + name + "\"" + extra + "}";
}

std::vector<std::vector<std::string>> readCsv(const std::string& text) {
    admin::CsvReader reader(text);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> fields;
    while (reader.next(fields)) rows.push_back(fields);
    return rows;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(persons, AdminFixture)

BOOST_AUTO_TEST_CASE(create_read_update_delete) {
    const auto created = admin("POST", "/api/v1/persons",
                               person(7, "Li Lei",
                                      R"(,"code":"E007","department":"R&D","role":"admin","validFrom":1700000000000,)"
                                      R"("validUntil":1900000000000,"accessGroups":["lobby","lab"],"extra":{"floors":[3,4]},)"
                                      R"("credentials":[{"kind":"card","value":"1001"},{"kind":"password","value":"2468"}])"));
    BOOST_TEST(created.status == 201);
    BOOST_TEST(created.header("Location") == "/api/v1/persons/7");
    auto body = created.json();
    BOOST_TEST(body->getValue<int>("userId") == 7);
    BOOST_TEST(body->getValue<std::int64_t>("validFrom") == 1700000000000);
    BOOST_TEST(body->getArray("accessGroups")->size() == 2u);
    BOOST_TEST(body->getObject("extra")->getArray("floors")->size() == 2u);
    BOOST_TEST(body->isNull("photo"));
    const auto version = body->getValue<std::int64_t>("version");
    BOOST_TEST(version >= 1);

    const auto read = admin("GET", "/api/v1/persons/7");
    BOOST_TEST(read.status == 200);
    BOOST_TEST(read.json()->getValue<std::string>("name") == "Li Lei");
    BOOST_TEST(read.json()->getValue<std::string>("role") == "admin");
    BOOST_TEST(read.body.find("2468") == std::string::npos);  // password credentials are never shown

    // PATCH changes only what it names.
    const auto patched = admin("PATCH", "/api/v1/persons/7", R"({"job":"engineer"})");
    BOOST_TEST(patched.status == 200);
    body = patched.json();
    BOOST_TEST(body->getValue<std::string>("job") == "engineer");
    BOOST_TEST(body->getValue<std::string>("department") == "R&D");
    BOOST_TEST(body->getValue<std::int64_t>("version") > version);

    // A GET result PUT back keeps everything, the hidden password included.
    const auto roundTrip = admin("PUT", "/api/v1/persons/7", admin("GET", "/api/v1/persons/7").body);
    BOOST_TEST(roundTrip.status == 200);
    const auto stored = store->persons().find(7);
    BOOST_REQUIRE(stored.has_value());
    BOOST_TEST(stored->code == "E007");
    BOOST_TEST(*stored->validFrom == 1700000000);  // the model keeps seconds
    bool passwordKept = false;
    for (const auto& c : stored->credentials) passwordKept = passwordKept || (c.kind == "password" && c.value == "2468");
    BOOST_TEST(passwordKept);

    // PUT replaces: what it leaves out is reset.
    const auto replaced = admin("PUT", "/api/v1/persons/7", R"({"name":"Li Lei"})");
    BOOST_TEST(replaced.status == 200);
    BOOST_TEST(replaced.json()->getValue<std::string>("department") == "");
    BOOST_TEST(replaced.json()->getArray("credentials")->size() == 0u);

    BOOST_TEST(admin("DELETE", "/api/v1/persons/7").status == 204);
    BOOST_TEST(admin("GET", "/api/v1/persons/7").status == 404);
    BOOST_TEST(admin("DELETE", "/api/v1/persons/7").status == 404);
}

BOOST_AUTO_TEST_CASE(the_store_picks_an_id_when_none_is_given_and_ids_are_unique) {
    const auto a = admin("POST", "/api/v1/persons", R"({"name":"No Id"})");
    BOOST_TEST(a.status == 201);
    BOOST_TEST(a.json()->getValue<std::int64_t>("userId") > 0);
    BOOST_TEST(admin("POST", "/api/v1/persons", person(5, "Five")).status == 201);
    const auto again = admin("POST", "/api/v1/persons", person(5, "Other Five"));
    BOOST_TEST(again.status == 409);
    BOOST_TEST(store->persons().find(5)->name == "Five");
}

BOOST_AUTO_TEST_CASE(every_change_publishes_person_changed) {
    BOOST_TEST(admin("POST", "/api/v1/persons", person(11, "Han Meimei")).status == 201);
    BOOST_TEST(admin("PATCH", "/api/v1/persons/11", R"({"job":"teacher"})").status == 200);
    BOOST_TEST(admin("DELETE", "/api/v1/persons/11").status == 204);
    const auto events = this->events.waitFor("person.changed", 3);
    BOOST_REQUIRE_EQUAL(events.size(), 3u);
    std::vector<std::string> actions;
    std::int64_t lastVersion = 0;
    for (const auto& e : events) {
        const auto payload = parseObject(e.payload);
        BOOST_TEST(payload->getValue<int>("userId") == 11);
        actions.push_back(payload->getValue<std::string>("action"));
        lastVersion = payload->getValue<std::int64_t>("version");
    }
    BOOST_TEST((actions == std::vector<std::string>{"created", "updated", "removed"}));
    BOOST_TEST(lastVersion >= 2);
}

BOOST_AUTO_TEST_CASE(a_stale_version_is_a_conflict) {
    const auto created = admin("POST", "/api/v1/persons", person(12, "Stale"));
    const auto version = created.json()->getValue<std::int64_t>("version");
    BOOST_TEST(admin("PATCH", "/api/v1/persons/12", R"({"job":"a","version":)" + std::to_string(version) + "}")
                   .status == 200);
    const auto stale = admin("PATCH", "/api/v1/persons/12", R"({"job":"b","version":)" + std::to_string(version) + "}");
    BOOST_TEST(stale.status == 409);
    BOOST_TEST(store->persons().find(12)->job == "a");
}

BOOST_AUTO_TEST_CASE(validation_errors_name_the_field) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {R"({"userId":1})", "name"},
        {R"({"name":"   "})", "name"},
        {R"({"name":"x","role":"boss"})", "role"},
        {R"({"name":"x","userId":0})", "userId"},
        {R"({"name":"x","userId":4294967296})", "userId"},
        {R"({"name":"x","validFrom":"2024-01-01"})", "validFrom"},
        {R"({"name":"x","validFrom":2000,"validUntil":1000})", "validUntil"},
        {R"({"name":"x","accessGroups":"lobby"})", "accessGroups"},
        {R"({"name":"x","accessGroups":["a|b"]})", "accessGroups"},
        {R"({"name":"x","extra":[1]})", "extra"},
        {R"({"name":"x","credentials":[{"kind":"iris","value":"1"}]})", "credentials[0].kind"},
        {R"({"name":"x","credentials":[{"kind":"card"}]})", "credentials[0].value"},
        {R"({"name":"x","credentials":[{"kind":"card","value":"1"},{"kind":"card","value":"1"}]})",
         "credentials[1].value"},
        {R"({"name":"x","departmnet":"typo"})", "departmnet"},
        {"{\"name\":\"" + std::string(200, 'n') + "\"}", "name"},
    };
    for (const auto& [body, field] : cases) {
        BOOST_TEST_INFO(body);
        const auto reply = admin("POST", "/api/v1/persons", body);
        BOOST_TEST(reply.status == 400);
        BOOST_TEST(reply.errorField() == field);
        BOOST_TEST(reply.errorMessage().find(field) == 0u);
    }
    BOOST_TEST(store->persons().count() == 0);
}

BOOST_AUTO_TEST_CASE(lists_page_and_filter) {
    for (int i = 1; i <= 25; ++i) {
        const std::string dept = i % 2 ? "Sales" : "Ops";
        const std::string group = i <= 5 ? R"(,"accessGroups":["vip"])" : "";
        BOOST_REQUIRE(admin("POST", "/api/v1/persons",
                            person(100 + i, "Person " + std::to_string(i), R"(,"department":")" + dept + "\"" + group))
                          .status == 201);
    }
    const auto first = admin("GET", "/api/v1/persons?limit=10");
    BOOST_TEST(first.status == 200);
    BOOST_TEST(first.json()->getValue<int>("total") == 25);
    BOOST_TEST(first.json()->getValue<int>("limit") == 10);
    BOOST_TEST(first.items()->size() == 10u);
    const auto last = admin("GET", "/api/v1/persons?offset=20&limit=10");
    BOOST_TEST(last.items()->size() == 5u);
    BOOST_TEST(last.json()->getValue<int>("offset") == 20);

    std::set<int> seen;
    for (int offset = 0; offset < 25; offset += 10) {
        const auto page = admin("GET", "/api/v1/persons?limit=10&offset=" + std::to_string(offset)).items();
        for (unsigned i = 0; i < page->size(); ++i) seen.insert(page->getObject(i)->getValue<int>("userId"));
    }
    BOOST_TEST(seen.size() == 25u);  // pages neither overlap nor skip

    BOOST_TEST(admin("GET", "/api/v1/persons?limit=5000").json()->getValue<int>("limit") == 1000);
    BOOST_TEST(admin("GET", "/api/v1/persons?limit=-1").status == 400);
    BOOST_TEST(admin("GET", "/api/v1/persons?offset=abc").errorField() == "offset");

    BOOST_TEST(admin("GET", "/api/v1/persons?department=Ops").json()->getValue<int>("total") == 12);
    BOOST_TEST(admin("GET", "/api/v1/persons?group=vip").json()->getValue<int>("total") == 5);
    const auto search = admin("GET", "/api/v1/persons?search=Person%2017");
    BOOST_TEST(search.json()->getValue<int>("total") == 1);
    BOOST_TEST(search.items()->getObject(0)->getValue<int>("userId") == 117);
}

BOOST_AUTO_TEST_CASE(search_finds_card_numbers) {
    BOOST_TEST(admin("POST", "/api/v1/persons", person(1, "Carded", R"(,"credentials":[{"kind":"card","value":"CX-778899"}])"))
                   .status == 201);
    const auto found = admin("GET", "/api/v1/persons?search=778899");
    BOOST_TEST(found.json()->getValue<int>("total") == 1);
}

BOOST_AUTO_TEST_CASE(csv_import_keeps_good_rows_and_reports_bad_ones) {
    const std::string csv =
        "\xEF\xBB\xBFuserId,name,department,role,accessGroups,cards,password\r\n"  // row 1
        "201,Zhang San,Ops,normal,lobby|lab,5001|5002,1234\r\n"                     // row 2: good
        "202,Li Si,Ops,boss,,,\r\n"                                                  // row 3: bad role
        "abc,Wang Wu,Ops,,,,\r\n"                                                    // row 4: bad userId
        "\r\n"                                                                       // row 5: blank
        "204,\"Zhao, Liu\",\"R&D\nLab\",blacklist,,5003,\r\n"                        // row 6: good, quoted
        "205,,Ops,,,,\r\n"                                                           // row 7: no name
        "206,Card Clash,Ops,,,5001,\r\n";                                            // row 8: card of 201
    const auto reply = admin("POST", "/api/v1/persons/import", csv, "text/csv");
    BOOST_TEST(reply.status == 200);
    const auto body = reply.json();
    BOOST_TEST(body->getValue<int>("imported") == 2);
    BOOST_TEST(body->getValue<int>("failed") == 4);
    const auto errors = body->getArray("errors");
    BOOST_REQUIRE_EQUAL(errors->size(), 4u);
    const std::vector<std::pair<int, std::string>> expected{{3, "role"}, {4, "userId"}, {7, "name"}, {8, ""}};
    for (unsigned i = 0; i < errors->size(); ++i) {
        const auto error = errors->getObject(i);
        BOOST_TEST_INFO(error->getValue<std::string>("message"));
        BOOST_TEST(error->getValue<int>("row") == expected[i].first);
        BOOST_TEST(error->getValue<std::string>("field") == expected[i].second);
        BOOST_TEST(!error->getValue<std::string>("message").empty());
    }

    const auto zhang = admin("GET", "/api/v1/persons/201");
    BOOST_TEST(zhang.status == 200);
    BOOST_TEST(zhang.json()->getArray("accessGroups")->size() == 2u);
    BOOST_TEST(zhang.json()->getArray("credentials")->size() == 3u);  // two cards and a password
    const auto zhao = admin("GET", "/api/v1/persons/204").json();
    BOOST_TEST(zhao->getValue<std::string>("name") == "Zhao, Liu");
    BOOST_TEST(zhao->getValue<std::string>("department") == "R&D\nLab");
    BOOST_TEST(zhao->getValue<std::string>("role") == "blacklist");
    BOOST_TEST(admin("GET", "/api/v1/persons/202").status == 404);
    BOOST_TEST(this->events.waitFor("person.changed", 2).size() == 2u);

    // The audit keeps counts, not the rows with their passwords.
    const auto audit = store->audit().list(AuditQuery{"", "person.import", "", 0, 10});
    BOOST_REQUIRE_EQUAL(audit.items.size(), 1u);
    BOOST_TEST(audit.items[0].detail.find("1234") == std::string::npos);
    BOOST_TEST(audit.items[0].detail.find("\"imported\":2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(csv_import_refuses_a_bad_header_and_stops_at_broken_quotes) {
    const auto unknown = admin("POST", "/api/v1/persons/import", "userId,nmae\r\n1,x\r\n", "text/csv");
    BOOST_TEST(unknown.status == 400);
    BOOST_TEST(unknown.errorMessage().find("nmae") != std::string::npos);
    BOOST_TEST(admin("POST", "/api/v1/persons/import", "", "text/csv").status == 400);

    const auto broken = admin("POST", "/api/v1/persons/import", "userId,name\n1,Good\n2,\"Broken\n3,Never\n", "text/csv");
    BOOST_TEST(broken.status == 200);
    BOOST_TEST(broken.json()->getValue<int>("imported") == 1);
    BOOST_TEST(broken.json()->getArray("errors")->getObject(0)->getValue<int>("row") == 3);
}

BOOST_AUTO_TEST_CASE(csv_export_round_trips) {
    const auto first = admin("POST", "/api/v1/persons",
                        person(301, "Li, \\\"Lei\\\"",
                               R"(,"code":"=1+1","department":"R&D","validUntil":1900000000000,)"
                               R"("accessGroups":["a","b"],"credentials":[{"kind":"card","value":"9001"},)"
                               R"({"kind":"password","value":"5555"}])"));
    BOOST_REQUIRE_MESSAGE(first.status == 201, first.body);
    BOOST_REQUIRE(admin("POST", "/api/v1/persons", person(302, "\xE6\x9D\x8E\xE9\x9B\xB7")).status == 201);

    const auto exported = admin("GET", "/api/v1/persons/export.csv");
    BOOST_TEST(exported.status == 200);
    BOOST_TEST(exported.contentType.find("text/csv") == 0u);
    BOOST_TEST(exported.header("Content-Disposition").find("persons.csv") != std::string::npos);
    BOOST_TEST(exported.body.rfind("\xEF\xBB\xBF", 0) == 0u);
    BOOST_TEST(exported.body.find("5555") == std::string::npos);  // passwords stay home
    BOOST_TEST(exported.body.find(",'=1+1,") != std::string::npos);  // the formula is defused
    const auto rows = readCsv(exported.body);
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    BOOST_TEST(rows[0][0] == "userId");

    // Import the export into an empty store: everything but the password comes back.
    const auto before301 = store->persons().find(301);
    BOOST_TEST(admin("DELETE", "/api/v1/persons/301").status == 204);
    BOOST_TEST(admin("DELETE", "/api/v1/persons/302").status == 204);
    const auto imported = admin("POST", "/api/v1/persons/import", exported.body, "text/csv");
    BOOST_TEST(imported.json()->getValue<int>("imported") == 2);
    BOOST_TEST(imported.json()->getValue<int>("failed") == 0);
    const auto after301 = store->persons().find(301);
    BOOST_REQUIRE(after301.has_value());
    BOOST_TEST(after301->name == before301->name);
    BOOST_TEST(after301->code == "=1+1");
    BOOST_TEST(after301->department == "R&D");
    BOOST_TEST(*after301->validUntil == *before301->validUntil);
    BOOST_TEST(after301->accessGroups == before301->accessGroups);
    BOOST_TEST(store->persons().find(302)->name == "\xE6\x9D\x8E\xE9\x9B\xB7");
    const auto filtered = readCsv(admin("GET", "/api/v1/persons/export.csv?search=302").body);
    BOOST_REQUIRE_EQUAL(filtered.size(), 2u);
    BOOST_TEST(filtered[1][0] == "302");
}

BOOST_AUTO_TEST_CASE(export_streams_many_persons_and_honours_filters) {
    std::string csv = "userId,name,department\n";
    for (int i = 1; i <= 1200; ++i) csv += std::to_string(1000 + i) + ",P" + std::to_string(i) + "," + (i % 3 ? "A" : "B") + "\n";
    const auto imported = admin("POST", "/api/v1/persons/import", csv, "text/csv");
    BOOST_REQUIRE_EQUAL(imported.json()->getValue<int>("imported"), 1200);
    const auto all = readCsv(admin("GET", "/api/v1/persons/export.csv").body);
    BOOST_TEST(all.size() == 1201u);
    std::set<std::string> ids;
    for (std::size_t i = 1; i < all.size(); ++i) ids.insert(all[i][0]);
    BOOST_TEST(ids.size() == 1200u);
    BOOST_TEST(readCsv(admin("GET", "/api/v1/persons/export.csv?department=B").body).size() == 401u);
}

BOOST_AUTO_TEST_CASE(photos_upload_raw_or_multipart_and_download) {
    BOOST_REQUIRE(admin("POST", "/api/v1/persons", person(401, "Photo Person")).status == 201);
    BOOST_TEST(admin("GET", "/api/v1/persons/401/photo").status == 404);

    const std::string jpeg = fakeJpeg(50000);
    const auto raw = admin("PUT", "/api/v1/persons/401/photo", jpeg, "image/jpeg");
    BOOST_TEST(raw.status == 200);
    const std::string sha = raw.json()->getValue<std::string>("photo");
    BOOST_TEST(sha == BlobStore::sha256Hex(jpeg));
    BOOST_TEST(blobs->contains(sha));
    const auto download = admin("GET", "/api/v1/persons/401/photo");
    BOOST_TEST(download.status == 200);
    BOOST_TEST(download.contentType == "image/jpeg");
    BOOST_TEST(download.body == jpeg);
    BOOST_TEST(call("GET", "/api/v1/persons/401/photo").status == 401);
    const auto cached = call("GET", "/api/v1/persons/401/photo", "", adminToken, "", {{"If-None-Match", download.header("ETag")}});
    BOOST_TEST(cached.status == 304);

    const std::string png = fakePng(3000);
    const std::string boundary = "----passwayTestBoundary";
    const std::string multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" +
                                  boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n" +
                                  "Content-Type: image/png\r\n\r\n" + png + "\r\n--" + boundary + "--\r\n";
    const auto form = admin("PUT", "/api/v1/persons/401/photo", multipart, "multipart/form-data; boundary=" + boundary);
    BOOST_TEST(form.status == 200);
    const auto png_download = admin("GET", "/api/v1/persons/401/photo");
    BOOST_TEST(png_download.contentType == "image/png");
    BOOST_TEST(png_download.body == png);
    BOOST_TEST(store->persons().find(401)->photoBlob == BlobStore::sha256Hex(png));
    BOOST_TEST(this->events.waitFor("person.changed", 3).size() == 3u);

    BOOST_TEST(admin("PUT", "/api/v1/persons/401/photo", "GIF89a....", "image/gif").status == 415);
    BOOST_TEST(admin("PUT", "/api/v1/persons/401/photo", "not really a jpeg", "image/jpeg").status == 415);
    BOOST_TEST(admin("PUT", "/api/v1/persons/401/photo", fakeJpeg(2 * 1024 * 1024 + 1), "image/jpeg").status == 413);
    BOOST_TEST(admin("PUT", "/api/v1/persons/999/photo", jpeg, "image/jpeg").status == 404);
    const auto viewer = userToken("vic", "viewer");
    BOOST_TEST(call("PUT", "/api/v1/persons/401/photo", jpeg, viewer, "image/jpeg").status == 403);

    BOOST_TEST(admin("DELETE", "/api/v1/persons/401/photo").status == 204);
    BOOST_TEST(admin("GET", "/api/v1/persons/401/photo").status == 404);
}

BOOST_AUTO_TEST_SUITE_END()
