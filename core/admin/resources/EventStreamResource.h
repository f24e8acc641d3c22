#pragma once

#include "admin/http/Route.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/EventStreamHub.h"
#include "admin/resources/LiveEventStreams.h"
#include "admin/resources/Resource.h"

#include <memory>

namespace passway::admin {

// GET /api/v1/events/stream: the event bus as server-sent events, for the
// admin page's live dashboard (viewer role).
//
// Authentication is the usual Bearer header, checked by the router like on
// every route. The page reads the stream with fetch() (which can set that
// header) instead of EventSource (which cannot), so no token or ticket ever
// appears in a URL, a proxy log or the browser history. While the stream is
// open, each heartbeat checks again that the user still exists, is enabled
// and has the same password, so disabling a user ends its streams too.
// A stream holds its connection and a slot, no thread (LiveEventStreams).
class EventStreamResource : public Resource {
public:
    explicit EventStreamResource(AdminServices& services);
    void install(Router& router) override;
    EventStreamHub& hub() { return *hub_; }

private:
    Reply stream(RequestContext& ctx);

    AdminServices& services_;
    std::unique_ptr<EventStreamHub> hub_;
    std::unique_ptr<LiveEventStreams> live_;
};

} // namespace passway::admin
