#include "support/SharedData.h"  // instead of unit_test.hpp: reports skips for missing data

// The face service through a real passwayd and its admin API on 127.0.0.1:
// enrollment refusals with reasons, RepeatID, identify/verify/detect, the
// index across a restart, and a host without models.

#include "FaceTestData.h"
#include "NoFaceImage.h"

#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"
#include "support/TempDir.h"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/Net/ServerSocket.h>

using namespace passway::test;
using namespace std::chrono_literals;

namespace {

const std::string kPasswayd = std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd";
const std::string kPassword = "face test password";

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

struct Host {
    TempDir dir{"passway-face-host"};
    std::uint16_t port = freePort();
    std::unique_ptr<ChildProcess> process;
    std::string token;

    void start(std::vector<std::string> face) {
        std::vector<std::string> args{"--set", "http.address=127.0.0.1", "--set", "http.port=" + std::to_string(port),
                                      "--set", "store.synchronous=NORMAL", "--set", "face.workers=2"};
        args.insert(args.end(), face.begin(), face.end());
        process = std::make_unique<ChildProcess>(kPasswayd, args, dir.path().string(),
                                                 std::map<std::string, std::string>{{"PASSWAY_ADMIN_PASSWORD", kPassword}});
        BOOST_REQUIRE_MESSAGE(process->waitForLine("Admin page:", 30s), "passwayd did not start:\n" + process->output());
        token = login(port, "admin", kPassword);
        BOOST_REQUIRE(!token.empty());
    }
    void stop() {
        process->kill(SIGTERM);
        BOOST_TEST(process->waitExit(30s).value_or(-1) == 0);
        process.reset();
    }
    ~Host() {
        if (process) stop();
    }
    HttpReply call(const std::string& method, const std::string& path, const std::string& body = "",
                   const std::string& type = "application/json") const {
        return httpRequest(port, method, path, body, token, type);
    }
    void person(int userId, const std::string& name) const {
        const auto r = call("POST", "/api/v1/persons", "{\"userId\":" + std::to_string(userId) + ",\"name\":\"" + name + "\"}");
        BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
    }
    HttpReply uploadPhoto(int userId, const std::string& bytes) const {
        return call("PUT", "/api/v1/persons/" + std::to_string(userId) + "/photo", bytes, "image/jpeg");
    }
    HttpReply identify(const std::string& file) const {
        return call("POST", "/api/v1/face/identify", "{\"image\":\"" + base64(photo(file)) + "\"}");
    }
};

std::vector<std::string> withModels() {
    return {"--set", "face.detector=" + detectorModel(), "--set", "face.recognizer=" + recognizerModel()};
}

std::string errorCode(const HttpReply& r) { return r.json()->getObject("error")->getValue<std::string>("code"); }
std::string errorMessage(const HttpReply& r) { return r.json()->getObject("error")->getValue<std::string>("message"); }

std::uint32_t firstMatch(const HttpReply& r) {
    const auto matches = r.json()->getArray("matches");
    return matches->size() ? matches->getObject(0)->getValue<std::uint32_t>("userId") : 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(without_models_the_host_runs_says_why_and_stores_photos_unchecked) {
    Host host;
    host.start({"--set", "face.models_dir=" + host.dir.file("no-models")});
    const auto health = host.call("GET", "/api/v1/health");
    BOOST_TEST(health.status == 200);
    BOOST_TEST(health.json()->getValue<std::string>("status") == "ok");
    const auto face = health.json()->getObject("face");
    BOOST_REQUIRE(face);
    BOOST_TEST(face->getValue<std::string>("status") == "unavailable");
    BOOST_TEST(face->getValue<std::string>("reason").find("no-models/face_detection_yunet_2022mar.onnx") != std::string::npos);

    const auto detect = host.call("POST", "/api/v1/face/detect", "{\"image\":\"" + base64("\xFF\xD8\xFF\xE0") + "\"}");
    BOOST_TEST(detect.status == 503);
    BOOST_TEST(errorCode(detect) == "face_unavailable");
    BOOST_TEST(errorMessage(detect).find("missing") != std::string::npos);

    // Today's behaviour without a face service: any JPEG is stored, and the answer says it was not checked.
    host.person(7, "Li Lei");
    std::string notAFace("\xFF\xD8\xFF\xE0", 4);
    notAFace.resize(4096, '\x11');
    const auto upload = host.uploadPhoto(7, notAFace);
    BOOST_TEST(upload.status == 200);
    BOOST_TEST(!upload.json()->getValue<std::string>("photo").empty());
    BOOST_TEST(upload.json()->getObject("face")->getValue<bool>("checked") == false);
}

BOOST_AUTO_TEST_CASE(enrollment_identification_and_a_restart, *boost::unit_test::precondition(FaceDataPresent())) {
    Host host;
    host.start(withModels());
    BOOST_TEST(host.call("GET", "/api/v1/health").json()->getObject("face")->getValue<std::string>("status") == "ok");
    host.person(1, "Barack");
    host.person(2, "Joe");
    host.person(3, "Barack again");

    // Refusals: 422 with a reason a person understands; nothing is stored.
    const auto two = host.uploadPhoto(1, photo("two_people.jpg"));
    BOOST_TEST(two.status == 422);
    BOOST_TEST(errorCode(two) == "face_rejected");
    BOOST_TEST(errorMessage(two) == "the photo shows 2 faces; an enrollment photo must show exactly one person");
    const auto group = host.uploadPhoto(1, photo("test_obama_and_biden.jpg"));
    BOOST_TEST(group.status == 422);
    BOOST_TEST(errorMessage(group).find("3 faces") != std::string::npos);
    const auto none = host.uploadPhoto(1, noFaceJpeg());
    BOOST_TEST(none.status == 422);
    BOOST_TEST(errorCode(none) == "face_rejected");
    BOOST_TEST(errorMessage(none) == "no face was found in the photo");
    BOOST_TEST(none.json()->getObject("error")->getValue<std::string>("field") == "photo");
    BOOST_TEST(host.call("GET", "/api/v1/persons/1").json()->isNull("photo"));

    // Accepted: the answer shows the check; the same face for a second person warns (RepeatID).
    const auto obama = host.uploadPhoto(1, photo("obama.jpg"));
    BOOST_REQUIRE_MESSAGE(obama.status == 200, obama.body);
    BOOST_TEST(obama.json()->getObject("face")->getValue<bool>("enrolled"));
    BOOST_TEST(obama.json()->getObject("face")->getArray("warnings")->size() == 0u);
    BOOST_TEST(host.uploadPhoto(2, photo("biden.jpg")).status == 200);
    const auto again = host.uploadPhoto(3, photo("obama2.jpg"));
    BOOST_REQUIRE(again.status == 200);
    const auto warnings = again.json()->getObject("face")->getArray("warnings");
    BOOST_REQUIRE(warnings->size() == 1u);
    BOOST_TEST(warnings->getObject(0)->getValue<std::string>("code") == "repeat_id");
    BOOST_TEST(warnings->getObject(0)->getValue<std::uint32_t>("userId") == 1u);
    BOOST_TEST(warnings->getObject(0)->getValue<std::string>("message").find("person 1 (Barack)") != std::string::npos);

    // Deleting person 3 removes the face from the index (person.changed).
    BOOST_TEST(host.call("DELETE", "/api/v1/persons/3").status == 204);
    for (int i = 0; i < 100; ++i) {
        if (host.call("GET", "/api/v1/health").json()->getObject("face")->getValue<int>("enrolled") == 2) break;
        std::this_thread::sleep_for(50ms);
    }
    BOOST_TEST(host.call("GET", "/api/v1/health").json()->getObject("face")->getValue<int>("enrolled") == 2);

    const auto found = host.identify("obama3.jpg");
    BOOST_REQUIRE_MESSAGE(found.status == 200, found.body);
    BOOST_TEST(firstMatch(found) == 1u);
    BOOST_TEST(found.json()->getArray("matches")->getObject(0)->getValue<std::string>("name") == "Barack");
    BOOST_TEST(firstMatch(host.identify("train_biden_biden2.jpg")) == 2u);
    BOOST_TEST(firstMatch(host.identify("train_kit_harington_john1.jpeg")) == 0u);  // not enrolled

    const auto verify = host.call("POST", "/api/v1/face/verify",
                                  "{\"a\":\"" + base64(photo("obama.jpg")) + "\",\"b\":\"" + base64(photo("obama2.jpg")) + "\"}");
    BOOST_REQUIRE(verify.status == 200);
    BOOST_TEST(verify.json()->getValue<bool>("same"));

    // detect as a multipart upload
    const std::string boundary = "passwayfaceboundary";
    const std::string multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"g.jpg\"\r\n"
                                  "Content-Type: image/jpeg\r\n\r\n" + photo("test_obama_and_biden.jpg") + "\r\n--" + boundary + "--\r\n";
    const auto detect = host.call("POST", "/api/v1/face/detect", multipart, "multipart/form-data; boundary=" + boundary);
    BOOST_REQUIRE_MESSAGE(detect.status == 200, detect.body);
    BOOST_TEST(detect.json()->getArray("faces")->size() == 3u);
    const auto bad = host.call("POST", "/api/v1/face/detect", "{\"image\":\"" + base64("not an image") + "\"}");
    BOOST_TEST(bad.status == 422);
    BOOST_TEST(errorCode(bad) == "bad_image");
    BOOST_TEST(host.call("POST", "/api/v1/face/detect", "{\"imgae\":\"x\"}").status == 400);

    // The index is loaded from the store at the next start.
    host.stop();
    host.start(withModels());
    BOOST_TEST(host.call("GET", "/api/v1/health").json()->getObject("face")->getValue<int>("enrolled") == 2);
    BOOST_TEST(firstMatch(host.identify("obama2.jpg")) == 1u);
    // Removing the photo drops the face.
    BOOST_TEST(host.call("DELETE", "/api/v1/persons/1/photo").status == 204);
    for (int i = 0; i < 100 && firstMatch(host.identify("obama2.jpg")) == 1u; ++i) std::this_thread::sleep_for(50ms);
    BOOST_TEST(firstMatch(host.identify("obama2.jpg")) == 0u);
}
