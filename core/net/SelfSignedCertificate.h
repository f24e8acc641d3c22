#pragma once

#include <string>
#include <vector>

namespace passway::net {

// A certificate for a TLS listener that no one configured one for: an
// ECDSA P-256 key and a self-signed certificate (10 years, serverAuth) whose
// subject alternative names are `dnsNames` and `ipAddresses`. The key file
// is created readable by its owner only (0600) before a byte of the key is
// written; its folder is created 0700 when missing.
//
// Browsers and curl warn about it until the site installs a real one or
// trusts this one; the SHA-256 fingerprint returned is what an
// administrator compares with what the browser shows.
class SelfSignedCertificate {
public:
    // Writes both PEM files (replacing them); returns the certificate's
    // SHA-256 fingerprint ("AB:CD:..."). Throws std::runtime_error.
    static std::string create(const std::string& certificateFile, const std::string& privateKeyFile,
                              const std::string& commonName, const std::vector<std::string>& dnsNames,
                              const std::vector<std::string>& ipAddresses);
    // The fingerprint of an existing certificate file, for the log at each start.
    static std::string fingerprint(const std::string& certificateFile);
};

} // namespace passway::net
