#include "net/CertificateNames.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace passway::net {

namespace {

std::string text(const ASN1_STRING* value) {
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, value);
    if (n < 0 || !utf8) return {};
    std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n));
    OPENSSL_free(utf8);
    // A name with an embedded NUL is a forgery attempt (CN "SN\0.evil"): no name at all.
    return out.find('\0') == std::string::npos ? out : std::string();
}

} // namespace

std::vector<std::string> certificateNames(const std::string& pem) {
    std::vector<std::string> names;
    if (pem.empty()) return names;
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio) return names;
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
                                                     X509_free);
    if (!cert) return names;

    const X509_NAME* subject = X509_get_subject_name(cert.get());
    for (int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1); i >= 0;
         i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) {
        const std::string cn = text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i)));
        if (!cn.empty()) names.push_back(cn);
    }

    auto* alt = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr));
    if (alt) {
        for (int i = 0; i < sk_GENERAL_NAME_num(alt); ++i) {
            const GENERAL_NAME* name = sk_GENERAL_NAME_value(alt, i);
            if (name->type == GEN_DNS || name->type == GEN_URI || name->type == GEN_EMAIL) {
                const std::string value = text(name->d.ia5);
                if (!value.empty()) names.push_back(value);
            }
        }
        GENERAL_NAMES_free(alt);
    }
    return names;
}

} // namespace passway::net
