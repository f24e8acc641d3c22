#include "support/SharedData.h"  // instead of unit_test.hpp: reports skips for missing data

// passway.face.* and passway.blobs.get from real Lua scripts, on the real
// face service (YuNet + MobileFaceNet from ../shared/models, photos from
// ../shared/faces; skipped with a message where they are absent), a real
// SQLite store and blob store: detection of the group photo, verification,
// identification of an enrolled person, the deadline rules, and the
// nil, err answers of a host without models or without a face service.

#include "ScriptFixture.h"
#include "face/FaceTestData.h"
#include "face/NoFaceImage.h"

#include "face/OpenCvFaceService.h"
#include "store/BlobStore.h"
#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

// A ScriptFixture with a blob store and a face service on the fixture's store.
struct FaceScripts : ScriptFixture {
    explicit FaceScripts(bool withModels = true) {
        blobStore = std::make_unique<BlobStore>(dir.file("blobs"), false);
        blobs = blobStore.get();
        beforeScripts = [this, withModels] {
            FaceOptions o;
            o.detectorPath = withModels ? detectorModel() : dir.file("models/none.onnx");
            o.recognizerPath = withModels ? recognizerModel() : dir.file("models/none_sf.onnx");
            o.workers = 2;
            service = std::make_unique<OpenCvFaceService>(o, store.get());
            face = service.get();
        };
    }
    ~FaceScripts() {
        // The scripts end before the service they call, the service before the store.
        if (host) host->stop();
        host.reset();
        service.reset();
    }

    std::string putPhoto(const std::string& file) { return blobStore->put(photo(file)); }

    void enroll(std::uint32_t userId, const std::string& name, const std::string& file) {
        Person p;
        p.userId = userId;
        p.name = name;
        p.photoBlob = putPhoto(file);
        store->persons().save(p);
        service->enroll(userId, p.photoBlob, service->checkEnrollment(photo(file)).embedding);
    }

    Poco::JSON::Object::Ptr run(const std::string& script, const std::string& topic, const std::string& payload) {
        const auto result = host->testRun(script, topic, payload);
        BOOST_REQUIRE(result.has_value());
        lastRun = *result;
        BOOST_REQUIRE_MESSAGE(result->ok, result->error);
        return Poco::JSON::Parser().parse(result->resultJson).extract<Poco::JSON::Object::Ptr>();
    }

    std::unique_ptr<BlobStore> blobStore;
    std::unique_ptr<OpenCvFaceService> service;
    ScriptTestRun lastRun;
};

// Every check of one handler call, returned as a table for the test to read.
const char* const kFaceCheck = R"(
passway.on("face.check", function(p)
  local group = assert(passway.blobs.get(p.group))
  local faces = assert(passway.face.detect(group))
  local a, b = assert(passway.blobs.get(p.a)), assert(passway.blobs.get(p.b))
  local same = assert(passway.face.verify(a, b))
  local different = assert(passway.face.verify(a, assert(passway.blobs.get(p.other))))
  local person = assert(passway.persons.get(p.userId))
  local enrolled = assert(passway.blobs.get(person.photo))
  local matches, searched = passway.face.identify(assert(passway.blobs.get(p.probe)), 3)
  assert(matches, searched)
  local inside = true
  for _, f in ipairs(faces) do
    for _, point in ipairs(f.landmarks) do
      if point[1] < f.box.x or point[1] > f.box.x + f.box.width then inside = false end
    end
  end
  local up, why = passway.face.available()
  return {faces = #faces, scores = {faces[1].score, faces[2].score, faces[3].score},
          widths = {faces[1].box.width, faces[3].box.width}, landmarks = #faces[1].landmarks, inside = inside,
          same = same, different = different, matches = matches, searched = searched.box.width,
          enrolledBytes = #enrolled, available = up, why = why}
end)

passway.on("face.refusals", function(p)
  local none, noneErr, noneCode = passway.face.identify(assert(passway.blobs.get(p.noFace)))
  local bad, badErr, badCode = passway.face.detect("not an image at all")
  local empty = assert(passway.face.detect(assert(passway.blobs.get(p.noFace))))
  local missing, missingErr = passway.blobs.get(string.rep("0", 64))
  return {none = none == nil, noneErr = noneErr, noneCode = noneCode, bad = bad == nil, badErr = badErr,
          badCode = badCode, empty = #empty, missing = missing == nil, missingErr = missingErr}
end)
)";

double number(const Poco::JSON::Object::Ptr& o, const std::string& key) { return o->getValue<double>(key); }

} // namespace

BOOST_AUTO_TEST_SUITE(with_models, *boost::unit_test::precondition(FaceDataPresent()))

BOOST_AUTO_TEST_CASE(a_script_detects_verifies_and_identifies_with_the_wait_not_counted) {
    FaceScripts f;
    // Far less than the face calls of one handler take: only the script's
    // own work counts, the time waiting for the face service is given back.
    f.scriptOptions.deadline = 30ms;
    f.writeScript("faces", kFaceCheck);
    f.up();
    BOOST_REQUIRE_MESSAGE(f.service->available(), f.service->status());
    f.enroll(1, "Barack Obama", "obama.jpg");
    f.enroll(2, "Joe Biden", "biden.jpg");
    f.enroll(3, "Kit Harington", "train_kit_harington_john1.jpeg");
    const std::string payload = "{\"group\":\"" + f.putPhoto("test_obama_and_biden.jpg") + "\",\"a\":\"" +
                                f.putPhoto("obama.jpg") + "\",\"b\":\"" + f.putPhoto("obama2.jpg") +
                                "\",\"other\":\"" + f.putPhoto("biden.jpg") + "\",\"userId\":1,\"probe\":\"" +
                                f.putPhoto("obama3.jpg") + "\"}";
    const auto r = f.run("faces", "face.check", payload);
    BOOST_TEST_MESSAGE("handler took " << f.lastRun.elapsedMicros / 1000 << " ms with a 30 ms deadline");
    BOOST_TEST(f.lastRun.elapsedMicros > 30000);  // so the deadline really was extended

    BOOST_TEST(r->getValue<int>("faces") == 3);
    const auto scores = r->getArray("scores");
    for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(scores->getElement<double>(i) > 0.8);
    const auto widths = r->getArray("widths");
    BOOST_TEST(widths->getElement<double>(0) >= widths->getElement<double>(1));  // largest first
    BOOST_TEST(r->getValue<int>("landmarks") == 5);
    BOOST_TEST(r->getValue<bool>("inside"));

    const auto same = r->getObject("same");
    const double threshold = number(same, "threshold");
    BOOST_TEST(threshold == double(f.service->matchThreshold()), boost::test_tools::tolerance(1e-4));
    BOOST_TEST(number(same, "score") >= threshold);
    BOOST_TEST(same->getValue<bool>("same"));
    BOOST_TEST(same->getObject("a")->getObject("box")->getValue<double>("width") > 30);
    const auto different = r->getObject("different");
    BOOST_TEST(number(different, "score") < threshold);
    BOOST_TEST(!different->getValue<bool>("same"));

    const auto matches = r->getArray("matches");
    BOOST_REQUIRE(matches->size() >= 1u);
    BOOST_TEST(matches->getObject(0)->getValue<int>("userId") == 1);
    BOOST_TEST(number(matches->getObject(0), "score") >= threshold);
    for (std::size_t i = 0; i < matches->size(); ++i) BOOST_TEST(matches->getObject(i)->getValue<int>("userId") != 2);
    BOOST_TEST(number(r, "searched") > 30);
    BOOST_TEST(r->getValue<std::size_t>("enrolledBytes") == photo("obama.jpg").size());
    BOOST_TEST(r->getValue<bool>("available"));
    BOOST_TEST(r->getValue<std::string>("why") == "ok");
}

BOOST_AUTO_TEST_CASE(runtime_failures_answer_nil_err_code_and_misuse_raises) {
    FaceScripts f;
    f.writeScript("faces", kFaceCheck);
    f.writeScript("misuse", R"(
        passway.on("detect", function() return passway.face.detect(42) end)
        passway.on("top_k", function() return passway.face.identify("x", 0) end)
        passway.on("blob", function() return passway.blobs.get("../../etc/passwd") end))");
    f.up();
    const std::string payload = "{\"noFace\":\"" + f.blobStore->put(noFaceJpeg()) + "\"}";
    const auto r = f.run("faces", "face.refusals", payload);
    BOOST_TEST(r->getValue<bool>("none"));
    BOOST_TEST(r->getValue<std::string>("noneCode") == "no_face");
    BOOST_TEST(!r->getValue<std::string>("noneErr").empty());
    BOOST_TEST(r->getValue<bool>("bad"));
    BOOST_TEST(r->getValue<std::string>("badCode") == "bad_image");
    BOOST_TEST(r->getValue<int>("empty") == 0);  // detect: no face is an empty list, not an error
    BOOST_TEST(r->getValue<bool>("missing"));
    BOOST_TEST(r->getValue<std::string>("missingErr") == "not found");

    const auto detect = *f.host->testRun("misuse", "detect", "{}");
    BOOST_TEST(!detect.ok);
    BOOST_TEST(detect.error.find("image bytes (a string) expected, got number") != std::string::npos, detect.error);
    const auto topK = *f.host->testRun("misuse", "top_k", "{}");
    BOOST_TEST(!topK.ok);
    BOOST_TEST(topK.error.find("top_k must be 1") != std::string::npos, topK.error);
    const auto blob = *f.host->testRun("misuse", "blob", "{}");
    BOOST_TEST(!blob.ok);
    BOOST_TEST(blob.error.find("64 hex digits") != std::string::npos, blob.error);
}

BOOST_AUTO_TEST_CASE(in_on_authorize_the_wait_counts_against_the_devices_deadline) {
    FaceScripts f;
    f.writeScript("gate", R"(
        local a = assert(passway.blobs.get(passway.config.get("a")))
        passway.on_authorize(function(r)
          if r.userId == 1 then return passway.face.available() end
          for _ = 1, 5 do passway.face.verify(a, a) end
          return true, "verified"
        end))");
    f.beforeScripts = [&, build = f.beforeScripts] {
        build();
        f.config->setString("script.gate.a", f.putPhoto("obama.jpg"));
    };
    f.up();
    BOOST_REQUIRE(f.state("gate") == ScriptState::Running);
    AuthorizationRequest quick;
    quick.userId = 1;
    const auto decided = f.host->authorize(quick, 1000ms);
    BOOST_REQUIRE(decided.has_value());
    BOOST_TEST(decided->allow);
    // Ten inferences cannot finish in 20 ms: the deadline ends the handler
    // and the built-in rules decide (no decision from the script).
    AuthorizationRequest slow;
    slow.userId = 2;
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(!f.host->authorize(slow, 20ms).has_value());
    BOOST_TEST_MESSAGE("authorize returned after "
                       << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
                       << " ms");
    const auto errors = *f.host->errors("gate");
    BOOST_REQUIRE(!errors.empty());
    BOOST_TEST(errors.back().message.find("time limit") != std::string::npos, errors.back().message);
}

// The wiring of passwayd: its scripts reach the host's face service and blob
// store. Photos are enrolled through the admin API, the script is run with
// the admin API's test run.
BOOST_AUTO_TEST_CASE(passwayd_gives_its_scripts_the_face_service_and_the_blobs) {
    TempDir dir{"passway-face-scripts"};
    std::filesystem::create_directories(dir.file("scripts"));
    std::ofstream(dir.file("scripts/who.lua")) << R"(
        passway.on("who", function(p)
          local photo = assert(passway.blobs.get(assert(passway.persons.get(p.probe)).photo))
          local again = assert(passway.blobs.get(assert(passway.persons.get(p.same)).photo))
          local matches = assert(passway.face.identify(photo, 2))
          local v = assert(passway.face.verify(photo, again))
          return {available = passway.face.available(), top = matches[1].userId, same = v.same}
        end))";
    const std::uint16_t port = test::freePort();
    const std::string password = "face scripts password";
    ChildProcess passwayd(std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd",
                          {"--set", "http.address=127.0.0.1", "--set", "http.port=" + std::to_string(port), "--set",
                           "store.synchronous=NORMAL", "--set", "face.workers=2", "--set",
                           "scripts.dir=" + dir.file("scripts"), "--set", "face.detector=" + detectorModel(), "--set",
                           "face.recognizer=" + recognizerModel()},
                          dir.path().string(), std::map<std::string, std::string>{{"PASSWAY_ADMIN_PASSWORD", password}});
    BOOST_REQUIRE_MESSAGE(passwayd.waitForLine("Admin page:", 30s), "passwayd did not start:\n" + passwayd.output());
    const std::string token = login(port, "admin", password);
    BOOST_REQUIRE(!token.empty());
    const auto call = [&](const std::string& method, const std::string& path, const std::string& body,
                          const std::string& type = "application/json") {
        return httpRequest(port, method, path, body, token, type);
    };
    for (const auto& [id, file] : std::vector<std::pair<int, const char*>>{{1, "obama.jpg"}, {2, "biden.jpg"}, {3, "obama2.jpg"}}) {
        BOOST_REQUIRE(call("POST", "/api/v1/persons", "{\"userId\":" + std::to_string(id) + ",\"name\":\"p\"}").status == 201);
        const auto upload = call("PUT", "/api/v1/persons/" + std::to_string(id) + "/photo", photo(file), "image/jpeg");
        BOOST_REQUIRE_MESSAGE(upload.status == 200, upload.body);
    }
    const auto run = call("POST", "/api/v1/scripts/who/test", R"({"topic":"who","payload":{"probe":2,"same":2}})");
    BOOST_REQUIRE_MESSAGE(run.status == 200, run.body);
    BOOST_REQUIRE_MESSAGE(run.json()->getValue<bool>("ok"), run.body);
    const auto result = run.json()->getObject("result");
    BOOST_TEST(result->getValue<bool>("available"));
    BOOST_TEST(result->getValue<int>("top") == 2);
    BOOST_TEST(result->getValue<bool>("same"));
    const auto pair = call("POST", "/api/v1/scripts/who/test", R"({"topic":"who","payload":{"probe":3,"same":1}})");
    BOOST_REQUIRE_MESSAGE(pair.json()->getValue<bool>("ok"), pair.body);
    BOOST_TEST(pair.json()->getObject("result")->getValue<int>("top") == 3);  // obama2 is its own best match
    BOOST_TEST(pair.json()->getObject("result")->getValue<bool>("same"));       // and the same person as obama
    passwayd.kill(SIGTERM);
    BOOST_TEST(passwayd.waitExit(30s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(without_models_every_call_answers_nil_err_and_available_says_why) {
    FaceScripts f(false);
    f.writeScript("faces", R"(
        passway.on("check", function()
          local up, why = passway.face.available()
          local faces, err, code = passway.face.detect("anything")
          local v, verr = passway.face.verify("a", "b")
          local m, merr, mcode = passway.face.identify("a", 3)
          return {up = up, why = why, faces = faces == nil, err = err, code = code, v = v == nil,
                  verr = verr, m = m == nil, mcode = mcode}
        end))");
    f.up();
    BOOST_TEST(!f.service->available());
    const auto r = f.run("faces", "check", "{}");
    BOOST_TEST(!r->getValue<bool>("up"));
    BOOST_TEST(r->getValue<std::string>("why").find("none.onnx") != std::string::npos, r->getValue<std::string>("why"));
    BOOST_TEST(r->getValue<bool>("faces"));
    BOOST_TEST(r->getValue<std::string>("code") == "face_unavailable");
    BOOST_TEST(r->getValue<std::string>("err").find("face service unavailable") != std::string::npos);
    BOOST_TEST(r->getValue<bool>("v"));
    BOOST_TEST(r->getValue<bool>("m"));
    BOOST_TEST(r->getValue<std::string>("mcode") == "face_unavailable");
}

BOOST_AUTO_TEST_CASE(a_host_without_a_face_service_says_so) {
    ScriptFixture f;  // face and blobs left null
    f.writeScript("faces", R"(
        passway.on("check", function()
          local up, why = passway.face.available()
          local faces, err, code = passway.face.detect("x")
          local blob, berr = passway.blobs.get(string.rep("a", 64))
          return {up = up, why = why, faces = faces == nil, err = err, code = code, blob = blob == nil, berr = berr}
        end))");
    f.up();
    const auto run = *f.host->testRun("faces", "check", "{}");
    BOOST_REQUIRE_MESSAGE(run.ok, run.error);
    const auto r = Poco::JSON::Parser().parse(run.resultJson).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(!r->getValue<bool>("up"));
    BOOST_TEST(r->getValue<std::string>("why") == "this host has no face service");
    BOOST_TEST(r->getValue<bool>("faces"));
    BOOST_TEST(r->getValue<std::string>("code") == "face_unavailable");
    BOOST_TEST(r->getValue<bool>("blob"));
    BOOST_TEST(r->getValue<std::string>("berr") == "this host has no blob store");
}
