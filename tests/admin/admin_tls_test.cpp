#include <boost/test/unit_test.hpp>

// HTTPS on the admin port: a self-signed certificate generated at the first
// start and kept, and the TLS policy of every listener (TLS 1.2 minimum,
// forward-secret AEAD suites only), checked with a client that offers more.

#include "admin/AdminServer.h"
#include "bus/EventBus.h"
#include "store/BlobStore.h"
#include "store/Store.h"
#include "store/sqlite/SqliteStore.h"
#include "support/TempDir.h"
#include "support/TlsClient.h"
#include "util/Metrics.h"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace passway;
using namespace passway::test;
namespace fs = std::filesystem;

namespace {

const std::string kHealth = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A store and an admin server with HTTPS and no certificate named, as
// passwayd runs it with http.tls.enabled = true alone.
struct TlsSite {
    TlsSite() {
        SqliteOptions storeOptions;
        storeOptions.path = dir.file("passway.db");
        storeOptions.synchronous = "NORMAL";
        store = openSqliteStore(storeOptions);
        blobs = std::make_unique<BlobStore>(dir.file("blobs"), false);
    }
    ~TlsSite() { bus.shutdown(); }

    std::unique_ptr<AdminServer> start() {
        AdminOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.maxThreads = 2;
        options.tls.enabled = true;
        options.tls.certificate = certificate();
        options.tls.privateKey = privateKey();
        options.tls.generate = true;
        auto server = std::make_unique<AdminServer>(*store, *blobs, bus, metrics, options);
        server->start();
        return server;
    }
    std::string certificate() const { return dir.file("var/tls/admin-cert.pem"); }
    std::string privateKey() const { return dir.file("var/tls/admin-key.pem"); }

    TempDir dir{"passway-admin-tls"};
    Metrics metrics;
    EventBus bus;
    std::unique_ptr<Store> store;
    std::unique_ptr<BlobStore> blobs;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(admin_https, TlsSite)

BOOST_AUTO_TEST_CASE(https_works_with_the_certificate_generated_at_the_first_start) {
    auto server = start();
    BOOST_REQUIRE(fs::exists(certificate()));
    BOOST_REQUIRE(fs::exists(privateKey()));
    // The key is its owner's alone, and so is the folder it is in.
    BOOST_TEST(((fs::status(privateKey()).permissions() & fs::perms::all) ==
                (fs::perms::owner_read | fs::perms::owner_write)));
    BOOST_TEST(((fs::status(fs::path(privateKey()).parent_path()).permissions() & fs::perms::all) == fs::perms::owner_all));
    BOOST_TEST(readFile(privateKey()).find("PRIVATE KEY") != std::string::npos);

    // A client that trusts exactly this certificate and checks that it names 127.0.0.1.
    TlsClientOptions client;
    client.caFile = certificate();
    client.expectedIp = "127.0.0.1";
    const auto health = tlsExchange(server->port(), client, kHealth);
    BOOST_TEST_INFO(health.error);
    BOOST_REQUIRE(health.handshake);
    BOOST_TEST(health.response.rfind("HTTP/1.1 200", 0) == 0u);
    BOOST_TEST(health.response.find("\"status\":\"ok\"") != std::string::npos);

    // A client expecting another address refuses it: the names are checked, not just the signature.
    client.expectedIp = "192.0.2.1";
    BOOST_TEST(!tlsExchange(server->port(), client).handshake);

    // The next start keeps the pair: browsers that trusted it keep trusting it.
    const std::string before = readFile(certificate());
    server->stop();
    server.reset();
    auto again = start();
    BOOST_TEST(readFile(certificate()) == before);
    client.expectedIp = "127.0.0.1";
    BOOST_TEST(tlsExchange(again->port(), client, kHealth).response.rfind("HTTP/1.1 200", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(tls_1_1_and_suites_without_forward_secrecy_or_aead_are_refused) {
    auto server = start();
    TlsClientOptions tls11;
    tls11.minVersion = TLS1_1_VERSION;
    tls11.maxVersion = TLS1_1_VERSION;
    tls11.ciphers = "ALL:@SECLEVEL=0";
    const auto old = tlsExchange(server->port(), tls11);
    BOOST_TEST(!old.handshake);
    BOOST_TEST_MESSAGE("TLS 1.1: " << old.error);

    TlsClientOptions cbc;  // forward-secret, but CBC with SHA-1 MACs
    cbc.maxVersion = TLS1_2_VERSION;
    cbc.ciphers = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA256";
    BOOST_TEST(!tlsExchange(server->port(), cbc).handshake);

    // The same client with only TLS 1.2 and its defaults gets an AEAD suite.
    TlsClientOptions tls12;
    tls12.maxVersion = TLS1_2_VERSION;
    const auto good = tlsExchange(server->port(), tls12);
    BOOST_REQUIRE(good.handshake);
    BOOST_TEST(good.protocol == "TLSv1.2");
    BOOST_TEST((good.cipher.find("ECDHE-") == 0u));
    BOOST_TEST((good.cipher.find("GCM") != std::string::npos || good.cipher.find("CHACHA20") != std::string::npos));

    const auto tls13 = tlsExchange(server->port(), TlsClientOptions{});
    BOOST_REQUIRE(tls13.handshake);
    BOOST_TEST(tls13.protocol == "TLSv1.3");
}

BOOST_AUTO_TEST_SUITE_END()
