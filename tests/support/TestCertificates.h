#pragma once

// Certificates made at test set-up with OpenSSL: a CA, server certificates
// and client certificates it signs, written as PEM files. Nothing is kept in
// the repository, nothing expires between runs (valid for a day from now).

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

namespace passway::test {

class TestCertificates {
public:
    struct Files {
        std::string certificate;
        std::string privateKey;
    };

    // A CA named `caName`; its certificate is written to `dir`/ca.pem.
    TestCertificates(std::string dir, const std::string& caName) : dir_(std::move(dir)) {
        caKey_ = newKey();
        caCert_ = makeCertificate(caName, {}, caKey_.get(), nullptr, nullptr, true);
        writeCertificate(caCert_.get(), caFile());
    }

    std::string caFile() const { return dir_ + "/ca.pem"; }

    // A certificate signed by the CA: subject CN `commonName`, and, when not
    // empty, a subjectAltName (e.g. "DNS:FC-1,IP:127.0.0.1"). Files are
    // `name`.pem and `name`.key in the folder.
    Files issue(const std::string& name, const std::string& commonName, const std::string& subjectAltName = {}) {
        auto key = newKey();
        auto cert = makeCertificate(commonName, subjectAltName, key.get(), caCert_.get(), caKey_.get(), false);
        Files files{dir_ + "/" + name + ".pem", dir_ + "/" + name + ".key"};
        writeCertificate(cert.get(), files.certificate);
        std::unique_ptr<FILE, decltype(&fclose)> out(fopen(files.privateKey.c_str(), "wb"), fclose);
        if (!out || PEM_write_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
            throw std::runtime_error("cannot write " + files.privateKey);
        return files;
    }

private:
    using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
    using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

    static Key newKey() {
        std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr),
                                                                        EVP_PKEY_CTX_free);
        EVP_PKEY* key = nullptr;
        if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048) != 1 ||
            EVP_PKEY_keygen(ctx.get(), &key) != 1)
            throw std::runtime_error("cannot generate an RSA key");
        return Key(key, EVP_PKEY_free);
    }

    static void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, issuer ? issuer : cert, cert, nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
        if (!ext) throw std::runtime_error("bad certificate extension " + value);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }

    Cert makeCertificate(const std::string& commonName, const std::string& subjectAltName, EVP_PKEY* key,
                         X509* issuer, EVP_PKEY* issuerKey, bool ca) {
        Cert cert(X509_new(), X509_free);
        X509_set_version(cert.get(), 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), ++serial_);
        X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
        X509_set_pubkey(cert.get(), key);
        X509_NAME* name = X509_get_subject_name(cert.get());
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Passway tests"), -1,
                                   -1, 0);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(commonName.c_str()),
                                   -1, -1, 0);
        X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
        addExtension(cert.get(), issuer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
        if (ca) addExtension(cert.get(), issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
        if (!subjectAltName.empty()) addExtension(cert.get(), issuer, NID_subject_alt_name, subjectAltName);
        if (X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()) == 0)
            throw std::runtime_error("cannot sign a certificate");
        return cert;
    }

    static void writeCertificate(X509* cert, const std::string& path) {
        std::unique_ptr<FILE, decltype(&fclose)> out(fopen(path.c_str(), "wb"), fclose);
        if (!out || PEM_write_X509(out.get(), cert) != 1) throw std::runtime_error("cannot write " + path);
    }

    std::string dir_;
    Key caKey_{nullptr, EVP_PKEY_free};
    Cert caCert_{nullptr, X509_free};
    long serial_ = 0;
};

}  // namespace passway::test
