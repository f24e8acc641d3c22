// face_script_bench: what passway.face.* adds to the face service's own
// time. For detect and identify (among a few enrolled persons) on one photo,
// the p50 / p90 of: the C++ call, and a Lua handler that reads the photo with
// passway.blobs.get and calls passway.face.*, one event at a time.
//   face_script_bench [--calls N]
// Models and photos: models/ and faces/ of $PASSWAY_SHARED_DIR, else of
// ../shared beside the source tree.

#include "bus/EventBus.h"
#include "face/OpenCvFaceService.h"
#include "script/Script.h"
#include "store/BlobStore.h"
#include "store/sqlite/SqliteStore.h"

#include <Poco/Util/MapConfiguration.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <vector>

using namespace passway;
using Clock = std::chrono::steady_clock;

namespace {

std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void report(const char* what, const std::function<void()>& once, int calls) {
    once();  // warm-up
    std::vector<double> ms;
    for (int i = 0; i < calls; ++i) {
        const auto t0 = Clock::now();
        once();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-40s p50 %6.1f ms  p90 %6.1f ms\n", what, ms[ms.size() / 2], ms[ms.size() * 9 / 10]);
}

} // namespace

int main(int argc, char** argv) {
    int calls = 30;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--calls")) calls = std::max(1, std::atoi(argv[i + 1]));
    }
    const std::string shared = envOr("PASSWAY_SHARED_DIR", std::string(PASSWAY_SOURCE_DIR) + "/../shared");
    const std::string models = shared + "/models";
    const std::string photos = shared + "/faces/photos/";
    const auto dir = std::filesystem::temp_directory_path() / ("face-script-bench-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    int status = 0;
    {
        auto store = openSqliteStore(SqliteOptions{(dir / "bench.db").string(), "NORMAL"});
        BlobStore blobs((dir / "blobs").string(), false);
        EventBus bus(1024);
        FaceOptions o;
        o.detectorPath = models + "/face_detection_yunet_2022mar.onnx";
        o.recognizerPath = models + "/face_recognition_mobilefacenet_foamliu_sf.onnx";
        o.workers = 2;
        OpenCvFaceService face(o, store.get());
        if (!face.available()) {
            std::printf("face_script_bench: face service unavailable: %s\n", face.status().c_str());
            status = 1;
        } else {
            std::uint32_t id = 1;
            for (const char* file : {"obama.jpg", "biden.jpg", "train_kit_harington_john1.jpeg", "Anthony_Hopkins_0001.jpg"}) {
                const std::string bytes = readFile(photos + file);
                Person person;
                person.userId = id++;
                person.name = file;
                person.photoBlob = blobs.put(bytes);
                store->persons().save(person);
                face.enroll(person.userId, person.photoBlob, face.checkEnrollment(bytes).embedding);
            }
            const std::string probe = readFile(photos + "obama2.jpg");
            const std::string sha = blobs.put(probe);
            Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
            ScriptServices services{*store, bus, nullptr, config.get(), &face, &blobs};
            ScriptOptions options;
            options.dir = dir.string();
            Script script("bench", R"(
                passway.on("detect", function(p) assert(passway.face.detect(assert(passway.blobs.get(p.sha)))) end)
                passway.on("identify", function(p) assert(passway.face.identify(assert(passway.blobs.get(p.sha)), 5)) end))",
                          services, options, nullptr);
            if (!script.load()) {
                std::printf("face_script_bench: the script does not load: %s\n", script.status().lastError.c_str());
                return 1;
            }
            Event event;
            event.payload = "{\"sha\":\"" + sha + "\"}";
            std::printf("face_script_bench: %d calls each, %s (%zu bytes), %zu enrolled\n", calls, "obama2.jpg",
                        probe.size(), face.enrolledCount());
            report("detect, C++ FaceService", [&] { face.detect(probe); }, calls);
            report("detect, Lua blobs.get + face.detect", [&] { event.topic = "detect"; script.handleEvent(0, event); }, calls);
            report("identify, C++ FaceService", [&] { face.identify(probe, 5); }, calls);
            report("identify, Lua blobs.get + face.identify",
                   [&] { event.topic = "identify"; script.handleEvent(1, event); }, calls);
            if (script.status().errors) {
                std::printf("face_script_bench: %llu script errors: %s\n",
                            static_cast<unsigned long long>(script.status().errors), script.status().lastError.c_str());
                status = 1;
            }
        }
    }
    std::filesystem::remove_all(dir);
    return status;
}
