#include "admin/http/Reply.h"

#include "admin/json/Json.h"

namespace passway::admin {

Reply Reply::json(const Poco::Dynamic::Var& value, int status) {
    return Reply{status, "application/json; charset=utf-8", json::stringify(value), {}, {}, {}};
}

} // namespace passway::admin
