#include <boost/test/unit_test.hpp>

// Broken requests get a clear protocol error in the document's shape
// (Success ≠ 1 and a Message), and the host goes on serving other terminals:
// after each broken request a second, well-behaved terminal completes a
// session with a record.

#include "Httpv2Site.h"

#include "sim/httpv2/Gzip.h"
#include "sim/httpv2/HttpConnection.h"

using namespace passway::test;

namespace {

constexpr const char* kBroken = "FC-8190H24080001";
constexpr const char* kHealthy = "FC-8190H24080002";

struct ErrorSite {
    Httpv2Site site;
    std::unique_ptr<sim::Terminal> broken = site.activeTerminal(kBroken);
    std::unique_ptr<sim::Terminal> healthy = site.activeTerminal(kHealthy);
    std::uint64_t nextRecord = 1;

    sim::HttpConnection connection() const { return sim::HttpConnection("127.0.0.1", site.devicePort, 30s); }

    // The document's error shape: Success other than 1, and a Message saying why.
    static void expectProtocolError(const sim::HttpResponse& r, const std::string& what) {
        BOOST_TEST_INFO(what << ": HTTP " << r.status << " " << r.body.substr(0, 300));
        BOOST_TEST(r.success(-1) != -1);  // a JSON body with Success
        BOOST_TEST(r.success(-1) != 1);
        BOOST_TEST(!r.message().empty());
    }

    // The other terminal still gets its keepalive and a record through.
    void healthyStillServed(const std::string& after) {
        sim::RecordSpec record;
        record.recordId = nextRecord++;
        record.userId = "1";
        healthy->addRecord(record);
        const auto report = healthy->runSession();
        BOOST_TEST_INFO("after " << after);
        BOOST_TEST(report.ok(), report.error << " Success " << report.keepaliveSuccess);
        BOOST_TEST_INFO("after " << after);
        BOOST_TEST(report.recordsUploaded == 1);
    }
};

sim::HttpRequest rawJson(const std::string& path, std::string body, bool gzipHeader) {
    sim::HttpRequest r;
    r.path = path;
    r.headers = {{"Accept", "*/*"}, {"Connection", "keep-alive"}, {"Content-Type", "application/json; charset=utf-8"}};
    if (gzipHeader) r.headers.emplace_back("Content-Encoding", "gzip");
    r.body = std::move(body);
    return r;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(malformed_json_gets_a_protocol_error, ErrorSite) {
    auto c = connection();
    expectProtocolError(
        c.exchange(rawJson("/Device/Keepalive", R"({"SN":")" + std::string(kBroken) + R"(","RelayStatus":)", false)),
        "truncated JSON");
    healthyStillServed("truncated JSON");
    auto c2 = connection();
    expectProtocolError(c2.exchange(rawJson("/Record/UploadSystemRecord", R"(["not","an","object"])", false)),
                        "a JSON array where an object belongs");
    healthyStillServed("a JSON array");
    auto c3 = connection();
    expectProtocolError(c3.exchange(rawJson("/People/DownloadPeopleListResult", sim::gzip("{\"SN\":1,,}"), true)),
                        "gzipped malformed JSON");
    healthyStillServed("gzipped malformed JSON");
}

BOOST_FIXTURE_TEST_CASE(a_truncated_multipart_body_gets_a_protocol_error, ErrorSite) {
    sim::RecordSpec record;
    record.recordId = 99;
    record.userId = "1";
    record.photo = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(30000, 'x') + "\xFF\xD9";
    sim::HttpRequest request = broken->wire().record("/Record/UploadIdentifyRecord", kBroken, record);
    request.body.resize(request.body.size() * 6 / 10);  // cut inside the photo; Content-Length says so
    auto c = connection();
    expectProtocolError(c.exchange(request), "multipart body without its closing boundary");
    BOOST_TEST(site.records(site.deviceId(kBroken))->size() == 0u);
    healthyStillServed("a truncated multipart body");

    // Without the detail part at all.
    sim::Multipart onlySn(sim::Multipart::kDocumentBoundary);
    onlySn.field("SN", kBroken);
    std::string body = onlySn.finish();
    auto c2 = connection();
    expectProtocolError(c2.exchange(broken->wire().multipart("/Record/UploadIdentifyRecord", onlySn, body)),
                        "multipart without RecordDetail");
    healthyStillServed("a multipart without its detail");

    // A terminal that dies mid-body: Content-Length promises more than arrives.
    sim::HttpRequest whole = broken->wire().record("/Record/UploadIdentifyRecord", kBroken, record);
    auto c3 = connection();
    c3.sendRaw(c3.head(whole) + whole.body.substr(0, whole.body.size() / 2));
    c3.close();
    healthyStillServed("a connection dropped mid-body");
}

BOOST_FIXTURE_TEST_CASE(a_50_mb_body_gets_a_protocol_error, ErrorSite) {
    sim::RecordSpec record;
    record.recordId = 50;
    record.userId = "1";
    record.photo = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(50u << 20, '\0') + "\xFF\xD9";
    const sim::HttpRequest request = broken->wire().record("/Record/UploadIdentifyRecord", kBroken, record);
    auto c = connection();
    const auto started = std::chrono::steady_clock::now();
    expectProtocolError(c.exchange(request), "a 50 MB record upload");
    BOOST_TEST_MESSAGE(
        "50 MB body answered in "
        << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
        << " ms");
    BOOST_TEST(site.records(site.deviceId(kBroken))->size() == 0u);
    healthyStillServed("a 50 MB body");

    // A 50 MB JSON body (whole-body gzip inflating to 50 MB of spaces, a zip bomb in small).
    std::string json = "{\"SN\":\"" + std::string(kBroken) + "\"" + std::string(50u << 20, ' ') + "}";
    auto c2 = connection();
    expectProtocolError(c2.exchange(rawJson("/Device/UploadWorkSetting", sim::gzip(json), true)),
                        "gzip inflating to 50 MB");
    healthyStillServed("a gzip body inflating to 50 MB");
}

BOOST_FIXTURE_TEST_CASE(a_bad_gzip_stream_gets_a_protocol_error, ErrorSite) {
    const std::string packed = sim::gzip(R"({"SN":")" + std::string(kBroken) + R"(","RelayStatus":0})");
    auto c = connection();
    expectProtocolError(c.exchange(rawJson("/Device/Keepalive", "\x1f\x8b\x08\x00garbage that is not deflate", true)),
                        "garbage after a gzip magic");
    healthyStillServed("a garbage gzip body");
    auto c2 = connection();
    expectProtocolError(c2.exchange(rawJson("/Device/Keepalive", packed.substr(0, packed.size() - 9), true)),
                        "a truncated gzip stream");
    healthyStillServed("a truncated gzip body");

    // A detail part that says gzip and is not.
    sim::Multipart builder(sim::Multipart::kDocumentBoundary);
    builder.field("SN", kBroken);
    builder.field("RecordDetail", "{\"RecordID\":5}",
                  {{"Content-Encoding", "gzip"}, {"Content-Type", "application/octet-stream"}});
    std::string body = builder.finish();
    auto c3 = connection();
    expectProtocolError(c3.exchange(broken->wire().multipart("/Record/UploadIdentifyRecord", builder, body)),
                        "a detail part with a bad gzip stream");
    BOOST_TEST(site.records(site.deviceId(kBroken))->size() == 0u);
    healthyStillServed("a bad gzip detail part");

    // The broken terminal itself recovers at its next keepalive.
    BOOST_TEST(broken->runSession().ok());
}
