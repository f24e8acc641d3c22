#include <boost/test/unit_test.hpp>

// The embedding index (exact and int8 search, updates) and the image
// header checks: no models needed.

#include "face/EmbeddingIndex.h"
#include "passway/FaceTypes.h"
#include "face/ImageDecoder.h"
#include "face/SearchBatcher.h"

#include <cmath>
#include <atomic>
#include <random>
#include <thread>

using namespace passway;

namespace {

std::vector<float> unit(std::mt19937& rng, std::size_t dim = 128) {
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

} // namespace

BOOST_AUTO_TEST_CASE(search_finds_the_nearest_rows_best_first_above_the_minimum) {
    std::mt19937 rng(1);
    EmbeddingIndex index(128);
    std::vector<std::vector<float>> rows;
    for (std::uint32_t id = 1; id <= 500; ++id) {
        rows.push_back(unit(rng));
        index.upsert(id, rows.back().data());
    }
    BOOST_TEST(index.size() == 500u);
    const auto found = index.search(rows[41].data(), 3, -1.0f);
    BOOST_REQUIRE(found.size() == 3u);
    BOOST_TEST(found[0].userId == 42u);
    BOOST_TEST(found[0].score == 1.0f, boost::test_tools::tolerance(1e-4f));
    BOOST_TEST(found[1].score >= found[2].score);
    BOOST_TEST(found[0].score > found[1].score);
    // Random 128-d unit vectors are nearly orthogonal: only the row itself passes 0.5.
    BOOST_TEST(index.search(rows[41].data(), 10, 0.5f).size() == 1u);
    BOOST_TEST(index.scoreOf(42, rows[41].data()) == 1.0f, boost::test_tools::tolerance(1e-4f));
    BOOST_TEST(index.scoreOf(9999, rows[41].data()) == -2.0f);
}

BOOST_AUTO_TEST_CASE(replace_and_remove_keep_the_matrix_consistent) {
    std::mt19937 rng(2);
    EmbeddingIndex index(128);
    auto a = unit(rng), b = unit(rng), c = unit(rng);
    index.upsert(1, a.data());
    index.upsert(2, b.data());
    index.upsert(3, c.data());
    index.upsert(1, c.data());  // person 1 got a new photo
    BOOST_TEST(index.size() == 3u);
    BOOST_TEST(index.scoreOf(1, c.data()) == 1.0f, boost::test_tools::tolerance(1e-4f));
    BOOST_TEST(index.remove(2));
    BOOST_TEST(!index.remove(2));
    BOOST_TEST(!index.contains(2));
    BOOST_TEST(index.size() == 2u);
    // Row 3 moved into the hole and is still found under its id.
    BOOST_TEST(index.scoreOf(3, c.data()) == 1.0f, boost::test_tools::tolerance(1e-4f));
    const auto found = index.search(b.data(), 5, 0.9f);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(the_int8_pass_with_exact_rerank_agrees_with_the_exact_scan) {
    std::mt19937 rng(3);
    EmbeddingIndex::Options options;
    options.quantizeFrom = 1000;  // make the small index use the int8 path
    options.parallelFrom = 2000;  // and the threaded scan
    options.threads = 2;
    EmbeddingIndex index(128, options);
    std::vector<std::vector<float>> rows;
    for (std::uint32_t id = 1; id <= 20000; ++id) {
        rows.push_back(unit(rng));
        index.upsert(id, rows.back().data());
    }
    int agree = 0;
    for (int q = 0; q < 50; ++q) {
        // A second "photo" of person q: cosine 0.6 to the enrolled one.
        const auto noise = unit(rng);
        std::vector<float> query(128);
        for (std::size_t i = 0; i < 128; ++i) query[i] = 0.6f * rows[static_cast<std::size_t>(q) * 7][i] + 0.8f * noise[i];
        const auto approx = index.search(query.data(), 5, -1.0f);
        const auto exact = index.searchExact(query.data(), 5, -1.0f);
        BOOST_REQUIRE(!approx.empty());
        BOOST_TEST(exact[0].userId == static_cast<std::uint32_t>(q * 7 + 1));
        agree += approx[0].userId == exact[0].userId;
        // Reranked scores are exact.
        BOOST_TEST(approx[0].score == exact[0].score, boost::test_tools::tolerance(1e-5f));
    }
    BOOST_TEST(agree == 50);
}

BOOST_AUTO_TEST_CASE(image_headers_give_the_size_before_decoding) {
    // PNG IHDR of a 100000 x 100000 picture in a few bytes: a decompression bomb.
    std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\x01\x86\xA0\0\x01\x86\xA0", 24);
    const auto size = ImageDecoder::headerSize(png);
    BOOST_REQUIRE(size.has_value());
    BOOST_TEST(size->width == 100000);
    BOOST_TEST(size->height == 100000);
    ImageDecoder decoder(40'000'000);
    try {
        decoder.decode(png);
        BOOST_FAIL("a 10-gigapixel image was decoded");
    } catch (const FaceError& e) {
        BOOST_TEST(e.code() == "bad_image");
        BOOST_TEST(std::string(e.what()).find("at most") != std::string::npos);
    }
    try {
        decoder.decode("not an image at all");
        BOOST_FAIL("text was decoded");
    } catch (const FaceError& e) {
        BOOST_TEST(std::string(e.what()) == "the image is not a JPEG or PNG file");
    }
}

BOOST_AUTO_TEST_CASE(a_batch_search_answers_each_query_as_a_single_search_would) {
    std::mt19937 rng(4);
    EmbeddingIndex::Options options;
    options.quantizeFrom = 5000;
    options.parallelFrom = 4000;
    EmbeddingIndex index(128, options);
    std::vector<std::vector<float>> rows;
    for (std::uint32_t id = 1; id <= 10000; ++id) {
        rows.push_back(unit(rng));
        index.upsert(id, rows.back().data());
    }
    std::vector<const float*> queries;
    for (std::size_t q = 0; q < 20; ++q) queries.push_back(rows[q * 13].data());
    const auto batch = index.searchBatch(queries, 3, -1.0f);
    BOOST_REQUIRE(batch.size() == queries.size());
    for (std::size_t q = 0; q < queries.size(); ++q) {
        const auto single = index.search(queries[q], 3, -1.0f);
        BOOST_REQUIRE(batch[q].size() == 3u);
        BOOST_TEST(batch[q][0].userId == static_cast<std::uint32_t>(q * 13 + 1));
        for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(batch[q][i].userId == single[i].userId);
    }
}

BOOST_AUTO_TEST_CASE(concurrent_searches_share_scans_and_each_gets_its_own_answer) {
    std::mt19937 rng(5);
    EmbeddingIndex index(128);
    std::vector<std::vector<float>> rows;
    for (std::uint32_t id = 1; id <= 50000; ++id) {
        rows.push_back(unit(rng));
        index.upsert(id, rows.back().data());
    }
    SearchBatcher batcher(index);
    std::vector<std::thread> callers;
    std::atomic<int> right{0};
    for (int c = 0; c < 16; ++c) {
        callers.emplace_back([&, c] {
            for (int i = 0; i < 10; ++i) {
                const std::size_t row = static_cast<std::size_t>(c * 1000 + i);
                const auto found = batcher.search(rows[row], 1, 0.5f);
                right += found.size() == 1 && found[0].userId == row + 1;
            }
        });
    }
    for (auto& t : callers) t.join();
    BOOST_TEST(right.load() == 160);
    BOOST_TEST(batcher.queries() == 160u);
    BOOST_TEST_MESSAGE("160 searches in " << batcher.scans() << " scans");
    BOOST_TEST(batcher.scans() <= 160u);
}
