// Face service numbers on this machine: detection, embedding, enrollment,
// identification at 10k / 100k / 1M enrolled (synthetic embeddings), memory,
// int8 recall against the exact scan, throughput under 200 concurrent
// identify calls, and verification accuracy on the LFW pairs.
//
//   face_bench [--models DIR] [--faces DIR] [--sizes 10000,100000,1000000]
//              [--pairs N] [--skip-lfw] [--seconds S] [--quality] [--detect-max-side N]
// DIR defaults: models/ and faces/ of $PASSWAY_SHARED_DIR, else of ../shared
// beside the source tree (as the tests, tests/support/SharedData.h).

#include "face/EmbeddingIndex.h"
#include "face/FaceDetector.h"
#include "face/FaceEmbedder.h"
#include "face/ImageDecoder.h"
#include "face/OpenCvFaceService.h"
#include "face/QualityCheck.h"

#include <filesystem>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace passway;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(std::ceil(p / 100.0 * v.size())) - (p > 0 ? 1 : 0));
    return v[i];
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

std::vector<float> randomUnit(std::mt19937& rng, std::size_t dim) {
    std::normal_distribution<float> n;
    std::vector<float> v(dim);
    double norm = 0;
    for (auto& x : v) {
        x = n(rng);
        norm += double(x) * x;
    }
    for (auto& x : v) x = static_cast<float>(x / std::sqrt(norm));
    return v;
}

// A query near row `base`: what a second photo of an enrolled person looks like (cosine ~0.6).
std::vector<float> nearby(std::mt19937& rng, const std::vector<float>& base) {
    auto noise = randomUnit(rng, base.size());
    std::vector<float> q(base.size());
    double norm = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
        q[i] = 0.6f * base[i] + 0.8f * noise[i];
        norm += double(q[i]) * q[i];
    }
    for (auto& x : q) x = static_cast<float>(x / std::sqrt(norm));
    return q;
}

void line(const std::string& name, double value, const std::string& unit) {
    std::printf("%-52s %12.3f %s\n", name.c_str(), value, unit.c_str());
}

struct Args {
    std::string models, faces;
    std::vector<std::size_t> sizes{10000, 100000, 1000000};
    std::size_t pairs = 0;  // 0: all
    bool skipLfw = false;
    bool quality = false;
    int detectMaxSide = 640;
    double seconds = 5;
};

Args parse(int argc, char** argv) {
    Args a;
    const std::string shared = envOr("PASSWAY_SHARED_DIR", std::string(PASSWAY_SOURCE_DIR) + "/../shared");
    a.models = shared + "/models";
    a.faces = shared + "/faces";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (arg == "--models") a.models = next();
        else if (arg == "--faces") a.faces = next();
        else if (arg == "--pairs") a.pairs = std::stoul(next());
        else if (arg == "--skip-lfw") a.skipLfw = true;
        else if (arg == "--quality") a.quality = true;
        else if (arg == "--detect-max-side") a.detectMaxSide = std::stoi(next());
        else if (arg == "--seconds") a.seconds = std::stod(next());
        else if (arg == "--sizes") {
            a.sizes.clear();
            std::stringstream list(next());
            for (std::string item; std::getline(list, item, ',');) a.sizes.push_back(std::stoul(item));
        }
    }
    return a;
}

FaceOptions optionsFor(const Args& a, int workers, std::size_t queue) {
    FaceOptions o;
    o.detectorPath = a.models + "/face_detection_yunet_2022mar.onnx";
    o.recognizerPath = a.models + "/face_recognition_mobilefacenet_foamliu_sf.onnx";
    o.workers = workers;
    o.queue = queue;
    o.searchThreads = 2;
    o.detectMaxSide = a.detectMaxSide;
    return o;
}

void fill(EmbeddingIndex& index, std::size_t n, std::mt19937& rng, std::vector<std::vector<float>>* keep) {
    index.reserve(n);
    for (std::size_t i = index.size(); i < n; ++i) {
        const auto v = randomUnit(rng, index.dim());
        index.upsert(static_cast<std::uint32_t>(i + 1), v.data());
        if (keep && keep->size() < 1000) keep->push_back(v);
    }
}

void latencies(const Args& a) {
    FaceDetector detector(a.models + "/face_detection_yunet_2022mar.onnx", 640, 0.6f);
    FaceEmbedder embedder(a.models + "/face_recognition_mobilefacenet_foamliu_sf.onnx");
    cv::setNumThreads(1);
    const std::string photoPath = a.faces + "/photos/obama.jpg";
    const std::string jpeg = readFile(photoPath);
    if (jpeg.empty()) {
        std::cout << "no photo at " << photoPath << "; skipping model latencies\n";
        return;
    }
    ImageDecoder decoder(40'000'000);
    cv::Mat photo = decoder.decode(jpeg), vga;
    cv::resize(photo, vga, cv::Size(640, 480));
    std::vector<double> detect, align, embed, decode;
    DetectedFace face;
    for (int i = 0; i < 60; ++i) {
        auto t0 = Clock::now();
        const auto faces = detector.detect(vga);
        auto t1 = Clock::now();
        if (faces.empty()) throw std::runtime_error("no face found in the 640x480 benchmark image");
        face = faces.front();
        const cv::Mat aligned = embedder.align(vga, face);
        auto t2 = Clock::now();
        embedder.embed(aligned);
        auto t3 = Clock::now();
        decoder.decode(jpeg);
        auto t4 = Clock::now();
        if (i >= 10) {  // the first runs warm the caches and allocate
            detect.push_back(ms(t1 - t0));
            align.push_back(ms(t2 - t1));
            embed.push_back(ms(t3 - t2));
            decode.push_back(ms(t4 - t3));
        }
    }
    std::printf("one thread, OpenCV threads 1, %s %dx%d (%zu bytes)\n", photoPath.c_str(), photo.cols, photo.rows,
                jpeg.size());
    line("decode JPEG p50", percentile(decode, 50), "ms");
    line("detect 640x480 p50", percentile(detect, 50), "ms");
    line("detect 640x480 p99", percentile(detect, 99), "ms");
    // The same frame with face.detect_max_side = 320: a quarter of the pixels
    // (enough for faces above ~40 px, e.g. a terminal's close-up).
    FaceDetector small(a.models + "/face_detection_yunet_2022mar.onnx", 320, 0.6f);
    std::vector<double> detectSmall;
    for (int i = 0; i < 60; ++i) {
        const auto t0 = Clock::now();
        const auto faces = small.detect(vga);
        if (i >= 10 && !faces.empty()) detectSmall.push_back(ms(Clock::now() - t0));
    }
    line("detect 640x480 at detect_max_side=320 p50", percentile(detectSmall, 50), "ms");
    line("align 112x112 p50", percentile(align, 50), "ms");
    line("embed p50", percentile(embed, 50), "ms");
    line("embed p99", percentile(embed, 99), "ms");
}

void service(const Args& a) {
    OpenCvFaceService face(optionsFor(a, 2, 512), nullptr);
    if (!face.available()) {
        std::cout << "face service unavailable: " << face.status() << "\n";
        return;
    }
    const std::string jpeg = readFile(a.faces + "/photos/obama.jpg");
    cv::Mat vga;
    cv::resize(ImageDecoder(40'000'000).decode(jpeg), vga, cv::Size(640, 480));
    std::vector<uchar> buffer;
    cv::imencode(".jpg", vga, buffer);
    const std::string vgaJpeg(buffer.begin(), buffer.end());

    std::vector<double> enroll;
    for (int i = 0; i < 40; ++i) {
        const auto t0 = Clock::now();
        const auto e = face.checkEnrollment(vgaJpeg);
        face.enroll(1, "bench", e.embedding);
        if (i >= 5) enroll.push_back(ms(Clock::now() - t0));
    }
    line("enroll end-to-end (decode+detect+check+embed+index) p50", percentile(enroll, 50), "ms");
    line("enroll end-to-end p99", percentile(enroll, 99), "ms");

    std::mt19937 rng(7);
    std::vector<std::vector<float>> sample;
    auto& index = face.index();
    index.clear();
    for (const std::size_t n : a.sizes) {
        fill(index, n, rng, &sample);
        std::vector<double> search, exact, full;
        std::size_t agree1 = 0, agree10 = 0, queries = 0;
        for (int i = 0; i < 200; ++i) {
            const auto q = nearby(rng, sample[static_cast<std::size_t>(i) % sample.size()]);
            auto t0 = Clock::now();
            const auto approx = index.search(q.data(), 10, -1);
            auto t1 = Clock::now();
            const auto truth = index.searchExact(q.data(), 10, -1);
            auto t2 = Clock::now();
            search.push_back(ms(t1 - t0));
            exact.push_back(ms(t2 - t1));
            ++queries;
            if (!approx.empty() && approx[0].userId == truth[0].userId) ++agree1;
            for (const auto& t : truth) {
                for (const auto& m : approx) agree10 += m.userId == t.userId;
            }
        }
        for (int i = 0; i < 60; ++i) {
            const auto t0 = Clock::now();
            face.identify(vgaJpeg, 5);
            if (i >= 5) full.push_back(ms(Clock::now() - t0));
        }
        const std::string size = std::to_string(n);
        line("search@" + size + " p50 (index as configured)", percentile(search, 50), "ms");
        line("search@" + size + " p99", percentile(search, 99), "ms");
        line("exact float scan@" + size + " p50", percentile(exact, 50), "ms");
        line("exact float scan@" + size + " p99", percentile(exact, 99), "ms");
        line("recall@1 vs exact@" + size, 100.0 * agree1 / queries, "%");
        line("recall@10 vs exact@" + size, 100.0 * agree10 / (queries * 10.0), "%");
        line("identify 640x480 JPEG end-to-end@" + size + " p50", percentile(full, 50), "ms");
        line("identify 640x480 JPEG end-to-end@" + size + " p99", percentile(full, 99), "ms");
        line("index memory@" + size, index.memoryBytes() / 1048576.0, "MiB");
        line("index memory per million@" + size, index.memoryBytes() / 1048576.0 * 1e6 / double(n), "MiB");
    }

    // 200 clients at once, each sending identify calls back to back.
    for (const std::size_t queue : {std::size_t(512), std::size_t(64)}) {
        OpenCvFaceService loaded(optionsFor(a, 2, queue), nullptr);
        std::mt19937 rng2(9);
        fill(loaded.index(), a.sizes.back(), rng2, nullptr);
        std::atomic<bool> stop{false};
        std::atomic<std::uint64_t> ok{0}, busy{0};
        std::vector<std::vector<double>> perClient(200);
        std::vector<std::thread> clients;
        const auto start = Clock::now();
        for (int c = 0; c < 200; ++c) {
            clients.emplace_back([&, c] {
                while (!stop) {
                    const auto t0 = Clock::now();
                    try {
                        loaded.identify(vgaJpeg, 5);
                        ++ok;
                        perClient[static_cast<std::size_t>(c)].push_back(ms(Clock::now() - t0));
                    } catch (const FaceError& e) {
                        ++busy;
                        std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    }
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::duration<double>(a.seconds));
        stop = true;
        for (auto& t : clients) t.join();
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        std::vector<double> all;
        for (auto& v : perClient) all.insert(all.end(), v.begin(), v.end());
        const std::string label = "200 clients, queue " + std::to_string(queue) + ", @" + std::to_string(a.sizes.back());
        line(label + ": identify/s", ok / elapsed, "req/s");
        line(label + ": busy answers/s", busy / elapsed, "req/s");
        line(label + ": latency p50", percentile(all, 50), "ms");
        line(label + ": latency p99", percentile(all, 99), "ms");
        line(label + ": searches per index scan", double(loaded.batcher().queries()) / std::max<std::uint64_t>(1, loaded.batcher().scans()), "");
    }
}

void lfw(const Args& a) {
    const std::string root = a.faces + "/lfw";
    std::ifstream pairsFile(root + "/pairs-dev.txt");
    if (!pairsFile) {
        std::cout << "no LFW pairs at " << root << "/pairs-dev.txt; skipping accuracy\n";
        return;
    }
    struct Pair { std::string a, b; bool same; };
    std::vector<Pair> pairs;
    for (std::string l; std::getline(pairsFile, l);) {
        std::istringstream in(l);
        Pair p;
        std::string label;
        if (in >> p.a >> p.b >> label) {
            p.same = label == "same";
            pairs.push_back(p);
        }
    }
    if (a.pairs && a.pairs < pairs.size()) {
        // An even spread over the file keeps both labels.
        std::vector<Pair> some;
        for (std::size_t i = 0; i < a.pairs; ++i) some.push_back(pairs[i * pairs.size() / a.pairs]);
        pairs.swap(some);
    }
    OpenCvFaceService face(optionsFor(a, 2, 4096), nullptr);
    std::map<std::string, std::vector<float>> embedding;
    std::vector<std::string> paths;
    for (const auto& p : pairs) {
        paths.push_back(p.a);
        paths.push_back(p.b);
    }
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    std::mutex m;
    std::atomic<std::size_t> next{0}, noFace{0};
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&] {
            for (std::size_t i; (i = next++) < paths.size();) {
                const std::string bytes = readFile(root + "/" + paths[i]);
                try {
                    // Identify runs detect + align + embed and hands back the embedding.
                    const auto found = face.identify(bytes, 1);
                    std::lock_guard lock(m);
                    embedding[paths[i]] = found.embedding;
                } catch (const FaceError&) {
                    ++noFace;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<std::pair<float, bool>> scored;
    std::size_t missing = 0;
    for (const auto& p : pairs) {
        const auto ea = embedding.find(p.a), eb = embedding.find(p.b);
        if (ea == embedding.end() || eb == embedding.end()) {
            ++missing;
            scored.push_back({-2.0f, p.same});  // no face: counted as "different"
            continue;
        }
        scored.push_back({FaceEmbedder::cosine(ea->second, eb->second), p.same});
    }
    auto accuracyAt = [&](float t) {
        std::size_t right = 0;
        for (const auto& [s, same] : scored) right += (s >= t) == same;
        return double(right) / scored.size();
    };
    float bestT = 0;
    double best = 0, eer = 1, eerT = 0;
    for (float t = 0.0f; t <= 0.9f; t += 0.005f) {
        const double acc = accuracyAt(t);
        if (acc > best) {
            best = acc;
            bestT = t;
        }
        std::size_t fa = 0, fr = 0, sames = 0, diffs = 0;
        for (const auto& [s, same] : scored) {
            if (same) { ++sames; fr += s < t; } else { ++diffs; fa += s >= t; }
        }
        const double far = double(fa) / diffs, frr = double(fr) / sames;
        if (std::fabs(far - frr) < eer) {
            eer = std::fabs(far - frr);
            eerT = (far + frr) / 2 * 100;  // the rate where the two meet
        }
    }
    std::printf("LFW pairs-dev: %zu pairs, %zu images in %.1f s (%zu without a detected face, %zu pairs affected)\n",
                pairs.size(), paths.size(), seconds, noFace.load(), missing);
    line("accuracy at the configured threshold " + std::to_string(face.matchThreshold()),
         100.0 * accuracyAt(face.matchThreshold()), "%");
    line("best accuracy, at threshold " + std::to_string(bestT), 100.0 * best, "%");
    line("equal-error rate", eerT, "%");
}

// The quality measures of real photos: what the enrollment thresholds are chosen from.
void quality(const Args& a) {
    FaceDetector detector(a.models + "/face_detection_yunet_2022mar.onnx", 640, 0.6f);
    FaceEmbedder embedder(a.models + "/face_recognition_mobilefacenet_foamliu_sf.onnx");
    ImageDecoder decoder(40'000'000);
    std::vector<double> score, sharp, yaw, roll, side;
    auto measure = [&](const std::string& path, bool print) {
        const cv::Mat bgr = decoder.decode(readFile(path));
        for (int blur : {0, 9, 21}) {
            cv::Mat img = bgr;
            if (blur) cv::GaussianBlur(bgr, img, {blur, blur}, 0);
            const auto faces = detector.detect(img);
            if (faces.empty()) continue;
            const auto& f = faces.front();
            const double s = QualityCheck::sharpness(embedder.align(img, f));
            if (print) {
                std::printf("%-40s blur %2d: faces %zu score %.3f side %.0f sharpness %.1f yaw %.2f roll %.1f\n",
                            std::filesystem::path(path).filename().c_str(), blur, faces.size(), f.score,
                            std::min(f.width, f.height), s, QualityCheck::yaw(f), QualityCheck::rollDegrees(f));
            }
            if (!blur) {
                score.push_back(f.score);
                sharp.push_back(s);
                yaw.push_back(QualityCheck::yaw(f));
                roll.push_back(std::fabs(QualityCheck::rollDegrees(f)));
                side.push_back(std::min(f.width, f.height));
            }
        }
    };
    for (const auto& entry : std::filesystem::directory_iterator(a.faces + "/photos")) measure(entry.path().string(), true);
    score.clear(); sharp.clear(); yaw.clear(); roll.clear(); side.clear();
    std::size_t n = 0;
    for (const auto& person : std::filesystem::directory_iterator(a.faces + "/lfw")) {
        if (!person.is_directory()) continue;
        for (const auto& img : std::filesystem::directory_iterator(person.path())) {
            if (n++ % 5 == 0) measure(img.path().string(), false);
        }
    }
    std::printf("LFW sample of %zu images: percentiles 1/5/50/95/99\n", score.size());
    for (auto& [name, v] : std::vector<std::pair<const char*, std::vector<double>*>>{
             {"score", &score}, {"sharpness", &sharp}, {"yaw", &yaw}, {"roll", &roll}, {"side", &side}}) {
        std::printf("  %-10s %8.3f %8.3f %8.3f %8.3f %8.3f\n", name, percentile(*v, 1), percentile(*v, 5),
                    percentile(*v, 50), percentile(*v, 95), percentile(*v, 99));
    }
}

} // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    std::cout << "face_bench: models " << a.models << ", faces " << a.faces << ", " << std::thread::hardware_concurrency()
              << " cores, service detect_max_side " << a.detectMaxSide << "\n";
    try {
        if (a.quality) {
            quality(a);
            return 0;
        }
        if (!a.skipLfw) lfw(a);
        latencies(a);
        service(a);
    } catch (const std::exception& e) {
        std::cerr << "face_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
