#include "admin/http/SecurityHeaders.h"

namespace passway::admin {

void SecurityHeaders::add(net::HttpHeaders& headers) {
    headers.set("Content-Security-Policy", kContentSecurityPolicy);
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Content-Type-Options", "nosniff");
}

} // namespace passway::admin
