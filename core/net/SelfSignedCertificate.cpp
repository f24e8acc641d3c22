#include "net/SelfSignedCertificate.h"

#include "util/PrivateFile.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace passway::net {

namespace {

namespace fs = std::filesystem;

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("self-signed certificate: ") + what);
}

void addExtension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    check(ext != nullptr, "an extension was refused");
    check(X509_add_ext(cert, ext.get(), -1) == 1, "an extension could not be added");
}

std::string toPem(const std::function<int(BIO*)>& write) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    check(bio && write(bio.get()) == 1, "PEM encoding failed");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

void writePublic(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    check(static_cast<bool>(out.flush()), "the certificate file could not be written");
}

std::string fingerprintOf(X509* cert) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    check(X509_digest(cert, EVP_sha256(), digest, &length) == 1, "no digest");
    std::string text;
    char hex[4];
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(hex, sizeof hex, i ? ":%02X" : "%02X", digest[i]);
        text += hex;
    }
    return text;
}

} // namespace

std::string SelfSignedCertificate::create(const std::string& certificateFile, const std::string& privateKeyFile,
                                          const std::string& commonName, const std::vector<std::string>& dnsNames,
                                          const std::vector<std::string>& ipAddresses) {
    KeyPtr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "no P-256 key");

    CertPtr cert(X509_new());
    check(cert != nullptr, "no certificate");
    X509_set_version(cert.get(), 2);  // v3, for the extensions
    unsigned char serial[16];
    check(RAND_bytes(serial, sizeof serial) == 1, "no random serial");
    serial[0] &= 0x7F;  // a positive number
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    check(bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get())), "serial");
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);  // a clock a little behind still accepts it
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "public key");

    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Passway"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(commonName.c_str()),
                               -1, -1, 0);
    check(X509_set_issuer_name(cert.get(), name) == 1, "issuer");

    std::string altNames;
    for (const auto& dns : dnsNames) altNames += (altNames.empty() ? "DNS:" : ",DNS:") + dns;
    for (const auto& ip : ipAddresses) altNames += (altNames.empty() ? "IP:" : ",IP:") + ip;
    addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert.get(), NID_key_usage, "critical,digitalSignature");
    addExtension(cert.get(), NID_ext_key_usage, "serverAuth");
    addExtension(cert.get(), NID_subject_key_identifier, "hash");
    if (!altNames.empty()) addExtension(cert.get(), NID_subject_alt_name, altNames);
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "signing");

    const std::string keyPem = toPem([&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    const std::string certPem = toPem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); });
    writePrivateFile(privateKeyFile, keyPem);  // creates the folder 0700 when missing
    if (const auto folder = fs::path(certificateFile).parent_path(); !folder.empty()) fs::create_directories(folder);
    writePublic(certificateFile, certPem);
    return fingerprintOf(cert.get());
}

std::string SelfSignedCertificate::fingerprint(const std::string& certificateFile) {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(certificateFile.c_str(), "rb"), &std::fclose);
    check(file != nullptr, "the certificate file cannot be read");
    CertPtr cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr));
    check(cert != nullptr, "the certificate file holds no PEM certificate");
    return fingerprintOf(cert.get());
}

} // namespace passway::net
