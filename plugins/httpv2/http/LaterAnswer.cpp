#include "http/LaterAnswer.h"

#include "http/ReplySender.h"

namespace passway::httpv2 {

void LaterAnswer::send(const Reply& reply) const {
    ReplyOptions options;
    options.gzip = gzip_;
    options.gzipMinBytes = gzipMinBytes_;
    responder_->send(replyOf(gzip_, reply.httpStatus(), "application/json; charset=utf-8", reply.text(), options));
}

} // namespace passway::httpv2
