#pragma once

#include "passway/net/HttpHandler.h"

namespace passway::admin {

// The headers every answer of the admin port carries, the page's and the
// API's alike (README, Admin page):
// - Content-Security-Policy: scripts, styles and connections from this
//   origin only (no inline script, no eval), images also from blob: (photos
//   fetched with the token) and data:, no plugins, no <base>, and no framing;
// - X-Frame-Options: DENY for browsers that predate frame-ancestors;
// - Referrer-Policy: no-referrer, so no admin URL leaves in a Referer;
// - X-Content-Type-Options: nosniff.
// No Strict-Transport-Security: with the self-signed certificate a browser
// would then refuse the page instead of letting the administrator accept it.
struct SecurityHeaders {
    static constexpr const char* kContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'";

    static void add(net::HttpHeaders& headers);
};

} // namespace passway::admin
