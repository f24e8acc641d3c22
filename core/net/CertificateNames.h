#pragma once

#include <string>
#include <vector>

namespace passway::net {

// The names a client certificate (PEM) is issued to: every commonName of its
// subject and every subjectAltName entry that is text (DNS, URI, e-mail).
// Empty when the text is not a certificate. A TLS listener has verified the
// chain before; this only says whom the certificate names.
std::vector<std::string> certificateNames(const std::string& pem);

} // namespace passway::net
