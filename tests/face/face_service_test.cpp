#include "support/SharedData.h"  // instead of unit_test.hpp: reports skips for missing data

// The face service with the real YuNet and MobileFaceNet models and real
// photos: detection, the enrollment check, verification at the configured
// threshold, identification, persistence across a restart, back-pressure,
// and the background matching of record photos.

#include "FaceTestData.h"
#include "NoFaceImage.h"

#include "bus/EventBus.h"
#include "face/FaceEnrollmentSync.h"
#include "face/FaceWorkerPool.h"
#include "face/OpenCvFaceService.h"
#include "face/RecordFaceMatcher.h"
#include "plugin/HostPluginContext.h"
#include "plugin/PluginTestSupport.h"
#include "store/BlobStore.h"
#include "store/sqlite/SqliteStore.h"
#include "support/TempDir.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <condition_variable>
#include <future>
#include <mutex>

using namespace passway;
using namespace passway::test;

namespace {

FaceOptions options(int workers = 2, std::size_t queue = 64) {
    FaceOptions o;
    o.detectorPath = detectorModel();
    o.recognizerPath = recognizerModel();
    o.workers = workers;
    o.queue = queue;
    return o;
}

std::string blurred(const std::string& jpeg, int kernel) {
    const cv::Mat raw(1, static_cast<int>(jpeg.size()), CV_8UC1, const_cast<char*>(jpeg.data()));
    cv::Mat image = cv::imdecode(raw, cv::IMREAD_COLOR), soft;
    cv::GaussianBlur(image, soft, {kernel, kernel}, 0);
    std::vector<uchar> bytes;
    cv::imencode(".jpg", soft, bytes);
    return std::string(bytes.begin(), bytes.end());
}

cv::Mat decoded(const std::string& jpeg) {
    const cv::Mat raw(1, static_cast<int>(jpeg.size()), CV_8UC1, const_cast<char*>(jpeg.data()));
    return cv::imdecode(raw, cv::IMREAD_COLOR);
}

std::string encoded(const cv::Mat& image) {
    std::vector<uchar> bytes;
    cv::imencode(".jpg", image, bytes);
    return std::string(bytes.begin(), bytes.end());
}

std::string scaledTo(const std::string& jpeg, int width) {
    const cv::Mat image = decoded(jpeg);
    cv::Mat small;
    cv::resize(image, small, {width, image.rows * width / image.cols}, 0, 0, cv::INTER_AREA);
    return encoded(small);
}

std::string rotated(const std::string& jpeg, double degrees) {
    const cv::Mat image = decoded(jpeg);
    cv::Mat turned;
    const cv::Mat m = cv::getRotationMatrix2D({image.cols / 2.0f, image.rows / 2.0f}, degrees, 1.0);
    cv::warpAffine(image, turned, m, image.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return encoded(turned);
}

std::string rejectionCode(FaceService& face, const std::string& image) {
    try {
        face.checkEnrollment(image);
    } catch (const FaceError& e) {
        BOOST_TEST_MESSAGE("refused: " << e.code() << ": " << e.what());
        return e.code();
    }
    return "accepted";
}

struct Gallery {
    TempDir dir{"passway-face"};
    std::unique_ptr<Store> store;
    Gallery() {
        SqliteOptions o;
        o.path = dir.file("passway.db");
        o.synchronous = "NORMAL";
        store = openSqliteStore(o);
    }
    void addPerson(std::uint32_t userId, const std::string& name, const std::string& photoBlob = "") {
        Person p;
        p.userId = userId;
        p.name = name;
        p.photoBlob = photoBlob;
        store->persons().save(p);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(with_models, *boost::unit_test::precondition(FaceDataPresent()))

BOOST_AUTO_TEST_CASE(three_faces_are_found_in_the_group_photo) {
    OpenCvFaceService face(options(), nullptr);
    BOOST_REQUIRE_MESSAGE(face.available(), face.status());
    const auto faces = face.detect(photo("test_obama_and_biden.jpg"));
    BOOST_TEST(faces.size() == 3u);
    for (const auto& f : faces) {
        BOOST_TEST(f.score > 0.8f);
        BOOST_TEST(f.width > 30.0f);
        // Landmarks lie inside their box.
        for (const auto& p : f.landmarks) {
            BOOST_TEST(p.x >= f.x);
            BOOST_TEST(p.x <= f.x + f.width);
        }
    }
    BOOST_TEST(faces[0].width * faces[0].height >= faces[2].width * faces[2].height);  // largest first
    BOOST_TEST(face.detect(photo("two_people.jpg")).size() == 2u);
    BOOST_TEST(face.detect(noFaceJpeg()).empty());
}

BOOST_AUTO_TEST_CASE(same_person_pairs_score_above_the_threshold_and_different_ones_below) {
    OpenCvFaceService face(options(), nullptr);
    BOOST_REQUIRE(face.available());
    const float t = face.matchThreshold();
    BOOST_TEST(t == 0.275f, boost::test_tools::tolerance(1e-6f));
    const std::vector<std::pair<const char*, const char*>> same{
        {"obama.jpg", "obama2.jpg"},
        {"obama.jpg", "obama3.jpg"},
        {"biden.jpg", "train_biden_biden2.jpg"},
        {"train_kit_harington_john1.jpeg", "train_kit_harington_john2.jpeg"},
        {"train_rose_leslie_img1.jpg", "train_rose_leslie_img2.jpg"},
        {"train_alex_lacamoire_img1.jpg", "test_alex_lacamoire1.jpg"},
        {"Anthony_Hopkins_0001.jpg", "Anthony_Hopkins_0002.jpg"},
    };
    const std::vector<std::pair<const char*, const char*>> different{
        {"obama.jpg", "biden.jpg"},
        {"obama2.jpg", "train_kit_harington_john1.jpeg"},
        {"train_rose_leslie_img1.jpg", "train_kit_harington_john2.jpeg"},
        {"biden.jpg", "Anthony_Hopkins_0001.jpg"},
        {"train_alex_lacamoire_img1.jpg", "obama3.jpg"},
        {"train_rose_leslie_img2.jpg", "Anthony_Hopkins_0002.jpg"},
    };
    for (const auto& [a, b] : same) {
        const auto v = face.verify(photo(a), photo(b));
        BOOST_TEST_INFO(a << " vs " << b << ": " << v.score);
        BOOST_TEST(v.score >= t);
        BOOST_TEST(v.same);
    }
    for (const auto& [a, b] : different) {
        const auto v = face.verify(photo(a), photo(b));
        BOOST_TEST_INFO(a << " vs " << b << ": " << v.score);
        BOOST_TEST(v.score < t);
        BOOST_TEST(!v.same);
    }
}

BOOST_AUTO_TEST_CASE(the_enrollment_check_refuses_with_reasons) {
    OpenCvFaceService face(options(), nullptr);
    BOOST_REQUIRE(face.available());
    BOOST_TEST(rejectionCode(face, photo("obama.jpg")) == "accepted");
    BOOST_TEST(rejectionCode(face, noFaceJpeg()) == "no_face");
    BOOST_TEST(rejectionCode(face, photo("two_people.jpg")) == "several_faces");
    BOOST_TEST(rejectionCode(face, photo("test_obama_and_biden.jpg")) == "several_faces");
    BOOST_TEST(rejectionCode(face, blurred(photo("obama.jpg"), 41)) == "blurry");
    BOOST_TEST(rejectionCode(face, scaledTo(photo("obama.jpg"), 180)) == "face_too_small");  // a 45-pixel face
    BOOST_TEST(rejectionCode(face, rotated(photo("obama.jpg"), 40)) == "not_frontal");      // head tilted 40 degrees
    BOOST_TEST(rejectionCode(face, rotated(photo("obama.jpg"), 10)) == "accepted");
    try {
        face.checkEnrollment(photo("two_people.jpg"));
    } catch (const FaceError& e) {
        BOOST_TEST(std::string(e.what()) == "the photo shows 2 faces; an enrollment photo must show exactly one person");
    }
    try {
        face.checkEnrollment("\xFF\xD8\xFF\xE0 damaged");
        BOOST_FAIL("a damaged JPEG passed");
    } catch (const FaceError& e) {
        BOOST_TEST(e.code() == "bad_image");
    }
}

BOOST_AUTO_TEST_CASE(identify_finds_the_enrolled_person_and_the_index_survives_a_restart) {
    Gallery gallery;
    const std::vector<std::pair<std::uint32_t, const char*>> people{
        {1, "obama.jpg"}, {2, "biden.jpg"}, {3, "train_kit_harington_john1.jpeg"},
        {4, "train_rose_leslie_img1.jpg"}, {5, "train_alex_lacamoire_img1.jpg"}, {6, "Anthony_Hopkins_0001.jpg"}};
    {
        OpenCvFaceService face(options(), gallery.store.get());
        BOOST_REQUIRE(face.available());
        for (const auto& [id, file] : people) {
            gallery.addPerson(id, file);
            face.enroll(id, "blob-" + std::string(file), face.checkEnrollment(photo(file)).embedding);
        }
        BOOST_TEST(face.enrolledCount() == people.size());
        const auto found = face.identify(photo("obama2.jpg"), 3);
        BOOST_REQUIRE(!found.matches.empty());
        BOOST_TEST(found.matches[0].userId == 1u);
    }
    // A new service on the same store: the index is loaded from it.
    OpenCvFaceService restarted(options(), gallery.store.get());
    BOOST_TEST(restarted.enrolledCount() == people.size());
    const std::vector<std::pair<const char*, std::uint32_t>> probes{{"obama3.jpg", 1},
                                                                    {"train_biden_biden2.jpg", 2},
                                                                    {"train_kit_harington_john2.jpeg", 3},
                                                                    {"train_rose_leslie_img2.jpg", 4},
                                                                    {"test_alex_lacamoire1.jpg", 5},
                                                                    {"Anthony_Hopkins_0002.jpg", 6}};
    for (const auto& [file, expected] : probes) {
        const auto found = restarted.identify(photo(file), 3);
        BOOST_TEST_INFO(file);
        BOOST_REQUIRE(!found.matches.empty());
        BOOST_TEST(found.matches[0].userId == expected);
    }
    // Deleting the person takes the embedding with it (ON DELETE CASCADE) and forget() the index row.
    gallery.store->persons().remove(1);
    BOOST_TEST(!gallery.store->faceEmbeddings().find(1).has_value());
    restarted.forget(1);
    const auto after = restarted.identify(photo("obama2.jpg"), 3);
    for (const auto& m : after.matches) BOOST_TEST(m.userId != 1u);
}

BOOST_AUTO_TEST_CASE(a_full_queue_answers_busy_at_once) {
    std::vector<std::unique_ptr<FaceNetworks>> networks;
    networks.push_back(std::make_unique<FaceNetworks>(
        FaceNetworks{FaceDetector(detectorModel(), 640, 0.6f), FaceEmbedder(recognizerModel())}));
    FaceWorkerPool pool(std::move(networks), 1);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<void> started;
    pool.submit([&](FaceNetworks&) {
        started.set_value();
        released.wait();
    });
    started.get_future().wait();              // the worker is busy
    pool.submit([](FaceNetworks&) {});         // fills the queue of one
    try {
        pool.submit([](FaceNetworks&) {});
        BOOST_FAIL("a third job was accepted");
    } catch (const FaceError& e) {
        BOOST_TEST(e.code() == "busy");
        BOOST_TEST(std::string(e.what()).find("busy") != std::string::npos);
    }
    release.set_value();
    BOOST_TEST(pool.run([](FaceNetworks&) { return 7; }, true) == 7);  // a background caller waits for room
}

BOOST_AUTO_TEST_CASE(record_photos_are_matched_in_the_background_and_person_changes_update_the_index) {
    Gallery gallery;
    BlobStore blobs(gallery.dir.file("blobs"), false);
    // Declared before the bus, which delivers until it is destroyed.
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<Event> seen;
    EventBus bus;
    bus.subscribe("face.matched", [&](const Event& e) { std::lock_guard l(mutex); seen.push_back(e); arrived.notify_all(); });
    bus.subscribe("record.suspect", [&](const Event& e) { std::lock_guard l(mutex); seen.push_back(e); arrived.notify_all(); });

    OpenCvFaceService face(options(), gallery.store.get());
    BOOST_REQUIRE(face.available());
    FaceEnrollmentSync enrollment(face, *gallery.store, blobs, bus);
    RecordFaceMatcher matcher(face, blobs, bus);
    enrollment.start();
    matcher.start();

    // Photos set outside the admin API (a terminal, an import): the
    // person.changed subscriber computes the embeddings.
    gallery.addPerson(1, "Obama", blobs.put(photo("obama.jpg")));
    gallery.addPerson(2, "Biden", blobs.put(photo("biden.jpg")));
    bus.publish("person.changed", R"({"userId":1,"version":1,"action":"created"})");
    bus.publish("person.changed", R"({"userId":2,"version":1,"action":"created"})");
    for (int i = 0; i < 200 && face.enrolledCount() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    BOOST_TEST(face.enrolledCount() == 2u);

    auto record = [&](int id, const std::string& userId, const std::string& file) {
        bus.publish("record.created", "{\"id\":" + std::to_string(id) + ",\"deviceId\":9,\"userId\":" + userId +
                                          ",\"photo\":\"" + blobs.put(photo(file)) + "\"}");
    };
    record(100, "1", "obama2.jpg");     // the claimed person: matched
    record(101, "2", "obama3.jpg");     // claims Biden, shows Obama: suspect
    record(102, "null", "biden.jpg");   // no claim, a known face: matched
    std::unique_lock lock(mutex);
    BOOST_REQUIRE(arrived.wait_for(lock, std::chrono::seconds(30), [&] { return seen.size() >= 3; }));
    std::map<std::int64_t, Event> byRecord;
    for (const auto& e : seen) {
        const auto p = Poco::JSON::Parser().parse(e.payload).extract<Poco::JSON::Object::Ptr>();
        byRecord[p->getValue<std::int64_t>("recordId")] = e;
    }
    lock.unlock();
    BOOST_TEST(byRecord[100].topic == "face.matched");
    BOOST_TEST(byRecord[101].topic == "record.suspect");
    BOOST_TEST(byRecord[101].payload.find("\"matchedUserId\":1") != std::string::npos);
    BOOST_TEST(byRecord[102].topic == "face.matched");
    BOOST_TEST(byRecord[102].payload.find("\"userId\":2") != std::string::npos);

    // The photo removed: the embedding goes.
    Person obama = *gallery.store->persons().find(1);
    obama.photoBlob.clear();
    gallery.store->persons().save(obama);
    bus.publish("person.changed", R"({"userId":1,"version":2,"action":"updated"})");
    for (int i = 0; i < 100 && face.enrolledCount() > 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    BOOST_TEST(face.enrolledCount() == 1u);
    BOOST_TEST(!gallery.store->faceEmbeddings().find(1).has_value());
    matcher.stop();
    enrollment.stop();
    bus.shutdown();
}

BOOST_AUTO_TEST_CASE(tiny_and_odd_images_are_answered_not_crashed_on) {
    OpenCvFaceService face(options(1, 4), nullptr);
    BOOST_REQUIRE(face.available());
    for (const auto& size : std::vector<cv::Size>{{1, 1}, {7, 5}, {2000, 3}, {3, 2000}, {64, 64}}) {
        const cv::Mat image(size, CV_8UC3, cv::Scalar(120, 130, 140));
        BOOST_TEST_INFO(size.width << "x" << size.height);
        BOOST_TEST(face.detect(encoded(image)).empty());
        BOOST_TEST(rejectionCode(face, encoded(image)) == "no_face");
    }
    // A grey PNG works as well as a JPEG.
    std::vector<uchar> png;
    cv::imencode(".png", decoded(photo("obama.jpg")), png);
    BOOST_TEST(face.detect(std::string(png.begin(), png.end())).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_plugin_reaches_the_face_service_through_its_context) {
    TestServices host;
    OpenCvFaceService face(options(1, 4), host.store.get());
    HostServices services = host.services();
    services.face = &face;
    HostPluginContext context("cloudface", services);
    PluginContext& plugin = context;  // what a plugin holds
    BOOST_REQUIRE(plugin.face() == &face);
    BOOST_TEST(plugin.face()->available());
    BOOST_TEST(plugin.face()->detect(photo("obama.jpg")).size() == 1u);
    context.removeAll();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(without_models_the_service_is_unavailable_and_says_why) {
    FaceOptions o;
    o.detectorPath = "/nonexistent/yunet.onnx";
    o.recognizerPath = "/nonexistent/sface.onnx";
    OpenCvFaceService face(o, nullptr);
    BOOST_TEST(!face.available());
    BOOST_TEST(face.status().find("/nonexistent/yunet.onnx") != std::string::npos);
    BOOST_TEST(face.enrolledCount() == 0u);
    try {
        face.detect("\xFF\xD8\xFF");
        BOOST_FAIL("an unavailable service detected");
    } catch (const FaceError& e) {
        BOOST_TEST(e.code() == "face_unavailable");
        BOOST_TEST(std::string(e.what()).find("missing") != std::string::npos);
    }
}
