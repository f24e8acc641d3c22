#include <boost/test/unit_test.hpp>

#include "store/BlobStore.h"
#include "support/TempDir.h"

#include <filesystem>
#include <set>
#include <stdexcept>
#include <thread>

using namespace passway;
namespace fs = std::filesystem;

namespace {

// sha256("abc"), FIPS 180-2 appendix B.1.
const std::string kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
// sha256 of nothing.
const std::string kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::vector<fs::path> filesUnder(const fs::path& root) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    return files;
}

} // namespace

BOOST_AUTO_TEST_CASE(put_returns_the_sha256_and_get_returns_the_bytes) {
    test::TempDir dir;
    BlobStore blobs(dir.file("blobs"));
    BOOST_TEST(BlobStore::sha256Hex("abc") == kAbc);
    BOOST_TEST(BlobStore::sha256Hex("") == kEmpty);

    BOOST_TEST(blobs.put("abc") == kAbc);
    BOOST_TEST(blobs.contains(kAbc));
    BOOST_TEST(*blobs.get(kAbc) == "abc");
    BOOST_TEST(*blobs.size(kAbc) == 3u);
    // Layout: <root>/<first two hex digits>/<full sha>.
    BOOST_TEST(blobs.pathOf(kAbc) == (fs::path(dir.file("blobs")) / "ba" / kAbc).string());
    BOOST_TEST(fs::is_regular_file(blobs.pathOf(kAbc)));

    // Binary content with NUL bytes, and the empty blob.
    std::string binary;
    for (int i = 0; i < 100000; ++i) binary.push_back(static_cast<char>(i % 256));
    const std::string sha = blobs.put(binary);
    BOOST_TEST(sha == BlobStore::sha256Hex(binary));
    BOOST_TEST(*blobs.get(sha) == binary);
    BOOST_TEST(blobs.put("") == kEmpty);
    BOOST_TEST(blobs.get(kEmpty)->empty());

    const std::string absent(64, '0');
    BOOST_TEST(!blobs.contains(absent));
    BOOST_TEST(!blobs.get(absent).has_value());
    BOOST_TEST(!blobs.size(absent).has_value());
}

BOOST_AUTO_TEST_CASE(the_same_content_is_stored_once) {
    test::TempDir dir;
    BlobStore blobs(dir.file("blobs"));
    const std::string first = blobs.put("photo");
    const auto written = fs::last_write_time(blobs.pathOf(first));
    const std::string second = blobs.put("photo");
    BOOST_TEST(first == second);
    BOOST_TEST(filesUnder(dir.path()).size() == 1u);
    BOOST_TEST((fs::last_write_time(blobs.pathOf(first)) == written));  // not rewritten
}

BOOST_AUTO_TEST_CASE(remove_deletes_the_blob) {
    test::TempDir dir;
    BlobStore blobs(dir.file("blobs"));
    const std::string sha = blobs.put("to be removed");
    BOOST_TEST(blobs.remove(sha));
    BOOST_TEST(!blobs.contains(sha));
    BOOST_TEST(!blobs.remove(sha));
    BOOST_TEST(blobs.put("to be removed") == sha);  // and it can come back
}

BOOST_AUTO_TEST_CASE(names_that_are_not_a_sha256_are_refused) {
    test::TempDir dir;
    BlobStore blobs(dir.file("blobs"));
    blobs.put("abc");
    const std::vector<std::string> bad = {
        "",
        "../../etc/passwd",
        "ba/" + kAbc.substr(3),
        kAbc.substr(0, 63),
        kAbc + "0",
        "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",  // one spelling only
        std::string(62, 'a') + "/.",
        std::string(63, 'a') + "g",
        std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\0", 64),
    };
    for (const auto& name : bad) {
        BOOST_CHECK_THROW(blobs.pathOf(name), std::invalid_argument);
        BOOST_CHECK_THROW(blobs.get(name), std::invalid_argument);
        BOOST_CHECK_THROW(blobs.contains(name), std::invalid_argument);
        BOOST_CHECK_THROW(blobs.size(name), std::invalid_argument);
        BOOST_CHECK_THROW(blobs.remove(name), std::invalid_argument);
    }
    BOOST_TEST(blobs.contains(kAbc));  // nothing was removed on the way
}

BOOST_AUTO_TEST_CASE(puts_leave_no_temporary_files) {
    test::TempDir dir;
    for (bool sync : {true, false}) {
        BlobStore blobs(dir.file(sync ? "synced" : "unsynced"), sync);
        std::set<std::string> shas;
        for (int i = 0; i < 200; ++i) shas.insert(blobs.put("blob number " + std::to_string(i)));
        const auto files = filesUnder(blobs.root());
        BOOST_TEST(files.size() == 200u);
        for (const auto& file : files) {
            // Every file is a finished blob under its own name, in its shard.
            const std::string name = file.filename().string();
            BOOST_TEST(shas.count(name) == 1u, name);
            BOOST_TEST(file.parent_path().filename().string() == name.substr(0, 2));
        }
    }
}

BOOST_AUTO_TEST_CASE(concurrent_puts_of_the_same_content_leave_one_whole_blob) {
    test::TempDir dir;
    BlobStore blobs(dir.file("blobs"));
    const std::string content(256 * 1024, 'z');
    std::vector<std::string> results(8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) threads.emplace_back([&, t] { results[t] = blobs.put(content); });
    for (auto& thread : threads) thread.join();
    for (const auto& sha : results) BOOST_TEST(sha == results[0]);
    BOOST_TEST(filesUnder(dir.path()).size() == 1u);
    BOOST_TEST(*blobs.get(results[0]) == content);
}

BOOST_AUTO_TEST_CASE(staged_blobs_appear_only_when_published_together) {
    test::TempDir dir;
    for (bool sync : {true, false}) {
        BlobStore blobs(dir.file(sync ? "synced" : "unsynced"), sync);
        const std::string present = blobs.put("already here");
        std::vector<StagedBlob> batch;
        for (int i = 0; i < 50; ++i) batch.push_back(blobs.stage("photo " + std::to_string(i)));
        batch.push_back(blobs.stage("photo 7"));       // the same photo twice in one batch
        batch.push_back(blobs.stage("already here"));  // and one stored before
        BOOST_TEST(batch.back().sha256() == present);
        BOOST_TEST(batch.front().sha256() == BlobStore::sha256Hex("photo 0"));
        // Staged: written, but under no blob's name.
        for (int i = 0; i < 50; ++i) BOOST_TEST(!blobs.contains(BlobStore::sha256Hex("photo " + std::to_string(i))));

        blobs.publishAll(batch);
        for (int i = 0; i < 50; ++i) {
            const std::string bytes = "photo " + std::to_string(i);
            BOOST_TEST(*blobs.get(BlobStore::sha256Hex(bytes)) == bytes);
        }
        BOOST_TEST(*blobs.get(present) == "already here");
        // Only finished blobs remain, no temporary file.
        const auto files = filesUnder(blobs.root());
        BOOST_TEST(files.size() == 51u);
        for (const auto& file : files) BOOST_TEST(file.filename().string().front() != '.');
        blobs.publishAll(batch);  // published ones are not published again
        BOOST_TEST(filesUnder(blobs.root()).size() == 51u);
    }
}

BOOST_AUTO_TEST_CASE(a_staged_blob_dropped_unpublished_leaves_nothing) {
    test::TempDir dir;
    BlobStore blobs(dir.file("blobs"));
    {
        std::vector<StagedBlob> batch;
        batch.push_back(blobs.stage("never published"));
        StagedBlob moved = std::move(batch.front());  // the file follows the move, once
        BOOST_TEST(filesUnder(blobs.root()).size() == 1u);
    }
    BOOST_TEST(filesUnder(blobs.root()).empty());
    BOOST_TEST(!blobs.contains(BlobStore::sha256Hex("never published")));
}

BOOST_AUTO_TEST_CASE(staging_makes_a_blob_folder_that_is_missing_or_went_away) {
    test::TempDir dir;
    BlobStore blobs(dir.file("blobs"));
    const std::string first = "a photo";
    const fs::path folder = fs::path(blobs.pathOf(BlobStore::sha256Hex(first))).parent_path();
    BOOST_TEST(!fs::exists(folder));
    std::vector<StagedBlob> batch;
    batch.push_back(blobs.stage(first));
    blobs.publishAll(batch);
    BOOST_TEST(*blobs.get(BlobStore::sha256Hex(first)) == first);

    fs::remove_all(folder);  // someone cleaned up by hand
    const std::string second = "a photo";  // same folder: same content, found absent again
    batch.clear();
    batch.push_back(blobs.stage(second));
    blobs.publishAll(batch);
    BOOST_TEST(*blobs.get(BlobStore::sha256Hex(second)) == second);
}
