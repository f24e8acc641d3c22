#include <boost/test/unit_test.hpp>

// The host's pieces of terminal identity that need no running host: the
// allowed_networks list (IPv4, IPv6, mapped addresses, bad entries) and the
// names a client certificate carries (CN and subjectAltName), on
// certificates made at set-up.

#include "net/AllowedNetworks.h"
#include "net/CertificateNames.h"
#include "support/TempDir.h"
#include "support/TestCertificates.h"

#include <fstream>
#include <iterator>

using passway::net::AllowedNetworks;
using passway::net::certificateNames;
using namespace passway::test;

BOOST_AUTO_TEST_CASE(an_empty_list_allows_everyone) {
    const auto none = AllowedNetworks::parse("  ");
    BOOST_TEST(none.empty());
    BOOST_TEST(none.allows("192.0.2.7"));
    BOOST_TEST(none.allows("not an address"));
}

BOOST_AUTO_TEST_CASE(ipv4_and_ipv6_blocks) {
    const auto list = AllowedNetworks::parse("10.0.0.0/8, 192.168.1.7 fd00::/8;2001:db8::1");
    BOOST_TEST(!list.empty());
    BOOST_TEST(list.allows("10.1.2.3"));
    BOOST_TEST(list.allows("10.255.255.255"));
    BOOST_TEST(!list.allows("11.0.0.1"));
    BOOST_TEST(list.allows("192.168.1.7"));
    BOOST_TEST(!list.allows("192.168.1.8"));
    BOOST_TEST(list.allows("fd12:3456::1"));
    BOOST_TEST(!list.allows("fe80::1"));
    BOOST_TEST(list.allows("2001:db8::1"));
    BOOST_TEST(!list.allows("2001:db8::2"));
    // An IPv4 client on a dual-stack socket is its IPv4 address.
    BOOST_TEST(list.allows("::ffff:10.9.8.7"));
    BOOST_TEST(!list.allows("::ffff:11.9.8.7"));
    // What is not an address is refused, never allowed by accident.
    BOOST_TEST(!list.allows("?"));
    BOOST_TEST(!list.allows(""));
}

BOOST_AUTO_TEST_CASE(odd_prefixes) {
    const auto list = AllowedNetworks::parse("172.16.0.0/12,0.0.0.0/0");
    BOOST_TEST(list.allows("8.8.8.8"));  // /0: every IPv4 address
    BOOST_TEST(!list.allows("::1"));     // but no IPv6 one
    const auto twelve = AllowedNetworks::parse("172.16.0.0/12");
    BOOST_TEST(twelve.allows("172.31.255.1"));
    BOOST_TEST(!twelve.allows("172.32.0.1"));
}

BOOST_AUTO_TEST_CASE(bad_entries_name_themselves) {
    for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "fd00::/129", "example.com", "10.0.0.0/8x"}) {
        BOOST_TEST_INFO(bad);
        try {
            AllowedNetworks::parse(std::string("192.0.2.0/24, ") + bad);
            BOOST_FAIL(std::string("accepted ") + bad);
        } catch (const std::invalid_argument& e) {
            BOOST_TEST(std::string(e.what()).find(bad) != std::string::npos, e.what());
        }
    }
}

BOOST_AUTO_TEST_CASE(certificate_names_are_the_cn_and_the_text_alt_names) {
    TempDir dir("peer-identity");
    TestCertificates ca(dir.path().string(), "Test CA");
    const auto read = [](const std::string& path) {
        std::ifstream in(path);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const auto plain = ca.issue("plain", "FC-8190H24052799");
    BOOST_TEST(certificateNames(read(plain.certificate)) == std::vector<std::string>{"FC-8190H24052799"});

    const auto alt = ca.issue("alt", "terminal", "DNS:FC-1,DNS:FC-2,IP:192.0.2.7");
    const auto names = certificateNames(read(alt.certificate));
    BOOST_TEST(names == (std::vector<std::string>{"terminal", "FC-1", "FC-2"}));

    BOOST_TEST(certificateNames("").empty());
    BOOST_TEST(certificateNames("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n").empty());
    BOOST_TEST(certificateNames(read(plain.privateKey)).empty());
}
