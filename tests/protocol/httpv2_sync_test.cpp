#include <boost/test/unit_test.hpp>

// The sync ledger against what HTTPv2 terminals do to it (issue 14): failures
// that pass come back by themselves after the back-off while refusals wait
// for an operator; removed credentials are revoked on the terminal; a wiped
// terminal gets everyone again; what a terminal reports holding becomes its
// inventory. Each over 127.0.0.1 with the simulated terminal.

#include "Httpv2Site.h"

#include "sim/httpv2/WireFormat.h"

using namespace passway::test;

namespace {

std::string personJson(std::uint32_t userId, const std::string& name, const std::string& extra = "") {
    return R"({"userId":)" + std::to_string(userId) + R"(,"name":")" + name + R"(")" + extra + "}";
}

void create(const Httpv2Site& site, std::uint32_t userId, const std::string& name, const std::string& extra = "") {
    const auto reply = site.api("POST", "/persons", personJson(userId, name, extra));
    BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
}

bool confirmed(const Poco::JSON::Object::Ptr& entry) {
    return entry && !entry->getValue<bool>("pending") && entry->getValue<int>("lastErrorCode") == 0;
}

std::string describe(const Poco::JSON::Object::Ptr& entry) {
    return entry ? passway::sim::httpv2::WireFormat::stringify(entry) : std::string("no entry");
}

std::string auditActions(const Httpv2Site& site, const std::string& action) {
    return site.api("GET", "/audit?action=" + action + "&limit=50").body;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_transient_failure_comes_back_after_the_back_off_a_permanent_one_waits_for_an_operator) {
    Httpv2Site site({"--set", "sync.retry_initial_s=1", "--set", "sync.retry_max_s=2"});
    auto terminal = site.activeTerminal("FC-SYNC-TRANSIENT");
    const auto deviceId = site.deviceId("FC-SYNC-TRANSIENT");
    // Storage full for the next two attempts (then freed); a duplicate face for good.
    terminal->model().setFailure(4101, {24, "", "storage full", 2});
    terminal->model().setFailure(4102, {20, "4000", "face repeated"});
    create(site, 4101, "Transient");
    create(site, 4102, "Permanent");

    BOOST_REQUIRE_MESSAGE(terminal->runUntil([&] {
        const auto e = site.syncEntry(deviceId, 4101);
        return e && e->getValue<std::string>("failure") == "transient";
    }, 20s), describe(site.syncEntry(deviceId, 4101)));
    const auto transient = site.syncEntry(deviceId, 4101);
    BOOST_TEST(transient->getValue<int>("lastErrorCode") == 24);
    BOOST_TEST(transient->getValue<std::int64_t>("retryAt") > 0);
    BOOST_TEST(transient->getValue<int>("attempts") >= 1);

    // No edit, no operator: the back-off passes and the terminal stores the person.
    BOOST_TEST(terminal->runUntil([&] { return confirmed(site.syncEntry(deviceId, 4101)); }, 30s),
               describe(site.syncEntry(deviceId, 4101)));
    BOOST_TEST(terminal->model().person(4101).has_value());

    // The refusal is permanent: not handed out again, though the terminal
    // would take the person now.
    const auto permanent = site.syncEntry(deviceId, 4102);
    BOOST_REQUIRE(permanent);
    BOOST_TEST(permanent->getValue<std::string>("failure") == "permanent");
    BOOST_TEST(permanent->getValue<int>("lastErrorCode") == 20);
    BOOST_TEST(permanent->getValue<bool>("pending"));
    terminal->model().clearFailure(4102);
    const auto quiet = terminal->runSession();
    BOOST_TEST(quiet.steps == std::vector<std::string>{"/Device/Keepalive"}, boost::test_tools::per_element());
    BOOST_TEST(!terminal->model().person(4102).has_value());

    // An operator retries that one entry: it goes out and is confirmed; the retry is audited.
    const auto retry = site.api("POST", "/devices/" + std::to_string(deviceId) + "/sync/4102/retry");
    BOOST_REQUIRE_MESSAGE(retry.status == 200, retry.body);
    BOOST_TEST(retry.json()->getValue<int>("retried") == 1);
    BOOST_TEST(terminal->runUntil([&] { return confirmed(site.syncEntry(deviceId, 4102)); }, 15s),
               describe(site.syncEntry(deviceId, 4102)));
    BOOST_TEST(auditActions(site, "sync.retry").find("device:" + std::to_string(deviceId)) != std::string::npos);

    // Retry-all on a device with nothing failed retries nothing; an unknown entry is 404.
    const auto none = site.api("POST", "/devices/" + std::to_string(deviceId) + "/sync/retry");
    BOOST_REQUIRE_MESSAGE(none.status == 200, none.body);
    BOOST_TEST(none.json()->getValue<int>("retried") == 0);
    BOOST_TEST(site.api("POST", "/devices/" + std::to_string(deviceId) + "/sync/999999/retry").status == 404);
}

BOOST_AUTO_TEST_CASE(retry_all_sends_every_failed_entry_of_the_device_again) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-SYNC-RETRYALL");
    const auto deviceId = site.deviceId("FC-SYNC-RETRYALL");
    for (std::uint32_t id : {4201u, 4202u}) terminal->model().setFailure(id, {1, "", "bad parameters"});
    create(site, 4201, "A");
    create(site, 4202, "B");
    BOOST_REQUIRE(terminal->runUntil([&] {
        const auto a = site.syncEntry(deviceId, 4201);
        const auto b = site.syncEntry(deviceId, 4202);
        return a && b && a->getValue<std::string>("failure") == "permanent" &&
               b->getValue<std::string>("failure") == "permanent";
    }, 15s));
    for (std::uint32_t id : {4201u, 4202u}) terminal->model().clearFailure(id);
    const auto retry = site.api("POST", "/devices/" + std::to_string(deviceId) + "/sync/retry");
    BOOST_REQUIRE_MESSAGE(retry.status == 200, retry.body);
    BOOST_TEST(retry.json()->getValue<int>("retried") == 2);
    BOOST_TEST(terminal->runUntil([&] {
        return confirmed(site.syncEntry(deviceId, 4201)) && confirmed(site.syncEntry(deviceId, 4202));
    }, 15s));
}

BOOST_AUTO_TEST_CASE(removed_credentials_are_revoked_on_the_terminal) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-SYNC-REVOKE");
    create(site, 4301, "Li Lei",
           R"(,"timeGroup":"6","credentials":[{"kind":"card","value":"55501"},{"kind":"password","value":"2468"},)"
           R"({"kind":"qrcode","value":"QR-4301"}])");
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().person(4301).has_value(); }, 15s));
    const auto before = terminal->model().person(4301)->detail;
    BOOST_TEST(before->getValue<std::string>("CardNum") == "55501");
    BOOST_TEST(before->getValue<std::string>("Password") == "2468");
    BOOST_TEST(before->getValue<int>("Timegroup") == 6);

    // The card, the PIN, the QR code and the time group are taken away.
    const auto patched = site.api("PATCH", "/persons/4301", R"({"credentials":[],"timeGroup":""})");
    BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
    BOOST_REQUIRE(terminal->runUntil([&] {
        const auto p = terminal->model().person(4301);
        return p && p->timesReceived >= 2;
    }, 15s));
    const auto after = terminal->model().person(4301)->detail;
    BOOST_TEST(after->getValue<std::string>("CardNum") == "0");
    BOOST_TEST(after->getValue<std::string>("Password") == "");
    BOOST_TEST(after->getValue<std::string>("QRCode") == "");
    BOOST_TEST(after->getValue<std::string>("Photo") == "");
    BOOST_TEST(after->getValue<std::string>("FaceFeature") == "");
    BOOST_TEST(after->getValue<int>("Timegroup") == 0);
}

BOOST_AUTO_TEST_CASE(a_factory_reset_terminal_gets_everyone_again) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-SYNC-RECOVER");
    const auto deviceId = site.deviceId("FC-SYNC-RECOVER");
    for (std::uint32_t id : {4401u, 4402u, 4403u}) create(site, id, "P" + std::to_string(id));
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().people().size() == 3u; }, 15s));
    BOOST_REQUIRE(eventually([&] { return confirmed(site.syncEntry(deviceId, 4403)); }));

    const auto reply =
        site.api("POST", "/devices/" + std::to_string(deviceId) + "/commands", R"({"kind":"factory_reset"})");
    BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
    // The terminal forgets everyone (the simulator's Recover), then comes back and refills.
    BOOST_TEST(terminal->runUntil([&] {
        bool reset = false;
        for (const auto& c : terminal->model().commands()) reset |= c.name == "Recover";
        return reset && terminal->model().people().size() == 3u;
    }, 20s), "people on the terminal: " << terminal->model().people().size() << "\n" << site.log());
    const auto device = site.device("FC-SYNC-RECOVER");
    const auto reported = device->getObject("reported");
    BOOST_REQUIRE(reported && reported->getObject("peopleCleared"));
    BOOST_TEST(reported->getObject("peopleCleared")->getValue<std::string>("why") == "factory_reset");
}

BOOST_AUTO_TEST_CASE(menu_wipes_and_a_low_storage_count_resend_everyone_a_menu_deletion_resends_one) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-SYNC-WIPE");
    const auto deviceId = site.deviceId("FC-SYNC-WIPE");
    for (std::uint32_t id : {4501u, 4502u, 4503u, 4504u}) create(site, id, "P" + std::to_string(id));
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().people().size() == 4u; }, 15s));
    BOOST_REQUIRE(eventually([&] {
        for (std::uint32_t id : {4501u, 4502u, 4503u, 4504u}) {
            if (!confirmed(site.syncEntry(deviceId, id))) return false;
        }
        return true;
    }));

    // System event 40: "在设备菜单中清空所有人员".
    terminal->model().clearPeople();
    terminal->model().addSystemRecord(2, 40);
    BOOST_TEST(terminal->runUntil([&] { return terminal->model().people().size() == 4u; }, 15s),
               "after event 40: " << terminal->model().people().size() << "\n" << site.log());

    // RecordType 35: one person deleted in the menu; that one comes back.
    terminal->model().removePeople({4502});
    passway::sim::httpv2::RecordSpec deletion;
    deletion.recordType = 35;
    deletion.userId = "4502";
    deletion.name = "P4502";
    terminal->addRecord(deletion);
    BOOST_TEST(terminal->runUntil([&] { return terminal->model().person(4502).has_value(); }, 15s));

    // Wiped without a word; the work settings it uploads show it holds nobody.
    BOOST_REQUIRE(eventually([&] { return confirmed(site.syncEntry(deviceId, 4502)); }));
    terminal->model().clearPeople();
    const auto upload =
        site.api("POST", "/devices/" + std::to_string(deviceId) + "/commands", R"({"kind":"upload_settings"})");
    BOOST_REQUIRE_MESSAGE(upload.status == 201, upload.body);
    BOOST_TEST(terminal->runUntil([&] { return terminal->model().people().size() == 4u; }, 15s),
               "after the storage count: " << terminal->model().people().size() << "\n" << site.log());
}

BOOST_AUTO_TEST_CASE(query_persons_finishes_with_the_inventory_and_an_absent_person_is_sent_again) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-SYNC-QUERY");
    const auto deviceId = site.deviceId("FC-SYNC-QUERY");
    for (std::uint32_t id : {4601u, 4602u}) create(site, id, "P" + std::to_string(id));
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().people().size() == 2u; }, 15s));
    BOOST_REQUIRE(eventually([&] { return confirmed(site.syncEntry(deviceId, 4602)); }));
    terminal->model().removePeople({4602});  // lost on the terminal, the ledger does not know

    const auto reply = site.api("POST", "/devices/" + std::to_string(deviceId) + "/commands",
                                R"({"kind":"query_persons","args":{"userIds":[4601,4602]}})");
    BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
    const auto commandId = std::to_string(reply.json()->getValue<std::int64_t>("id"));
    auto command = [&] { return site.api("GET", "/commands/" + commandId).json(); };
    BOOST_REQUIRE_MESSAGE(terminal->runUntil([&] { return command()->getValue<std::string>("state") == "done"; }, 15s),
                          passway::sim::httpv2::WireFormat::stringify(command()));
    const auto result = command()->getObject("result");
    BOOST_REQUIRE(result);
    BOOST_TEST(result->getValue<int>("present") == 1);
    BOOST_TEST(result->getValue<int>("absent") == 1);

    // The inventory is kept, and the person the terminal lacked goes out again.
    const auto inventory = site.api("GET", "/devices/" + std::to_string(deviceId) + "/inventory");
    BOOST_REQUIRE_MESSAGE(inventory.status == 200, inventory.body);
    BOOST_TEST(inventory.json()->getValue<int>("reported") == 2);
    const auto items = inventory.json()->getArray("items");
    bool presentSeen = false;
    for (unsigned i = 0; i < items->size(); ++i) {
        const auto item = items->getObject(i);
        if (item->getValue<std::uint32_t>("userId") == 4601) {
            presentSeen = item->getValue<std::string>("device") == "present" &&
                          item->getValue<std::string>("difference").empty();
        }
    }
    BOOST_TEST(presentSeen, inventory.body);
    BOOST_TEST(terminal->runUntil([&] { return terminal->model().person(4602).has_value(); }, 15s));
}

BOOST_AUTO_TEST_CASE(a_device_edit_reported_with_push_type_2_follows_the_intake_policy) {
    Httpv2Site site({"--set", "plugin.httpv2.push_people_policy=upsert"});
    auto terminal = site.activeTerminal("FC-SYNC-EDIT");
    create(site, 4701, "Before");
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().person(4701).has_value(); }, 15s));
    // Renamed on the terminal: an edit that mints nothing is taken.
    auto edited = *terminal->model().person(4701);
    edited.detail->set("Name", "After");
    edited.name = "After";
    terminal->model().storePerson(edited);
    terminal->model().queuePush(4701, 2);
    BOOST_TEST(terminal->runUntil([&] {
        return site.api("GET", "/persons/4701").json()->getValue<std::string>("name") == "After";
    }, 15s));
    // A card added on the terminal is held for review.
    edited.detail->set("CardNum", "7770001");
    terminal->model().storePerson(edited);
    terminal->model().queuePush(4701, 2);
    BOOST_TEST(terminal->runUntil([&] {
        return site.api("GET", "/person-reviews").json()->getValue<int>("total") == 1;
    }, 15s));
    const auto person = site.api("GET", "/persons/4701").json();
    BOOST_TEST(person->getArray("credentials")->size() == 0u);
}

namespace {

// A photo a terminal would refuse: noise compresses badly, so at quality 100
// this is well over the document's 400 KB (and under the API's 2 MiB).
std::string oversizeJpeg() {
    cv::Mat image(900, 900, CV_8UC3);
    cv::randu(image, cv::Scalar::all(0), cv::Scalar::all(255));
    std::vector<uchar> bytes;
    cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, 100});
    return std::string(bytes.begin(), bytes.end());
}

std::string pngPhoto() {
    const std::string jpeg = generatedJpeg("png-person");
    const cv::Mat image = cv::imdecode(std::vector<uchar>(jpeg.begin(), jpeg.end()), cv::IMREAD_COLOR);
    std::vector<uchar> bytes;
    cv::imencode(".png", image, bytes);
    return std::string(bytes.begin(), bytes.end());
}

bool isJpeg(const std::string& bytes) {
    return bytes.size() > 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
           static_cast<unsigned char>(bytes[1]) == 0xD8;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_oversize_or_png_photo_is_converted_to_a_jpeg_the_terminal_takes) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-SYNC-PHOTO");
    const auto deviceId = site.deviceId("FC-SYNC-PHOTO");
    const std::string big = oversizeJpeg();
    BOOST_REQUIRE_GT(big.size(), 400u * 1024u);
    const std::string png = pngPhoto();
    create(site, 4801, "Big photo");
    create(site, 4802, "PNG photo");
    const auto putBig = site.api("PUT", "/persons/4801/photo", big, "image/jpeg");
    BOOST_REQUIRE_MESSAGE(putBig.status == 200, putBig.body);
    const auto putPng = site.api("PUT", "/persons/4802/photo", png, "image/png");
    BOOST_REQUIRE_MESSAGE(putPng.status == 200, putPng.body);

    BOOST_REQUIRE_MESSAGE(terminal->runUntil([&] {
        const auto a = terminal->model().person(4801);
        const auto b = terminal->model().person(4802);
        return a && b && !a->photo.empty() && !b->photo.empty();
    }, 20s), describe(site.syncEntry(deviceId, 4801)) + "\n" + describe(site.syncEntry(deviceId, 4802)));
    for (std::uint32_t id : {4801u, 4802u}) {
        const auto person = *terminal->model().person(id);
        BOOST_TEST(isJpeg(person.photo), "user " << id);
        BOOST_TEST(person.photo.size() <= 400u * 1024u, "user " << id << ": " << person.photo.size());
        BOOST_TEST(person.photoVerified(), "user " << id);  // PhotoMD5 and PhotoLen describe what was served
        BOOST_TEST(person.detail->getValue<std::size_t>("PhotoLen") == person.photo.size());
    }
    BOOST_TEST(eventually([&] {
        return confirmed(site.syncEntry(deviceId, 4801)) && confirmed(site.syncEntry(deviceId, 4802));
    }));
    // The person keeps the photo as uploaded; only what terminals get is converted.
    BOOST_TEST(site.api("GET", "/persons/4802/photo").body == png);
}
