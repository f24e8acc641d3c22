#include "admin/resources/EventStreamResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "store/Store.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace passway::admin {

namespace {

constexpr std::size_t kMaxPatterns = 32;
constexpr std::size_t kMaxPatternLength = 128;

// `topics` is a comma-separated list of EventBus patterns; default: all.
std::vector<std::string> parseTopics(const std::optional<std::string>& query) {
    if (!query || query->empty()) return {"*"};
    std::vector<std::string> patterns;
    Poco::StringTokenizer tokens(*query, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens) {
        const bool valid = token.size() <= kMaxPatternLength &&
                           std::all_of(token.begin(), token.end(), [](unsigned char c) {
                               return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '*';
                           });
        if (!valid) throw ApiError::invalid("topics", "not a topic pattern: " + token.substr(0, kMaxPatternLength));
        patterns.push_back(token);
    }
    if (patterns.empty()) return {"*"};
    if (patterns.size() > kMaxPatterns) {
        throw ApiError::invalid("topics", "at most " + std::to_string(kMaxPatterns) + " patterns");
    }
    return patterns;
}

// One SSE message: `id` is the bus sequence, `data` one line of JSON (JSON
// text never holds a raw line break, and the payload was re-serialized by
// the hub, so the framing cannot be broken from inside an event).
void writeEvent(std::ostream& out, const Event& event) {
    out << "id: " << event.sequence << "\n"
        << "data: {\"topic\":" << json::stringify(event.topic) << ",\"at\":" << event.at
        << ",\"source\":" << json::stringify(event.source) << ",\"payload\":" << event.payload << "}\n\n";
}

// How often an idle stream looks whether its browser is still there, so a
// closed tab gives its slot back within a second, not at the next heartbeat.
constexpr std::chrono::milliseconds kPeerCheck{1000};

// A browser sends nothing on an event stream after its request, so a socket
// that turns readable with no bytes waiting was closed by the other side.
bool peerClosed(const Poco::Net::StreamSocket& socket) {
    try {
        return socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR) &&
               socket.available() == 0;
    } catch (const Poco::Exception&) {
        return true;
    }
}

bool sameSession(Store& store, const AdminUser& user) {
    try {
        const auto now = store.users().find(user.id);
        return now && !now->disabled && now->passwordHash == user.passwordHash;
    } catch (const std::exception&) {
        return true;  // a busy store is no reason to cut a live view; the next heartbeat checks again
    }
}

} // namespace

EventStreamResource::EventStreamResource(AdminServices& services) : services_(services) {
    EventStreamHub::Options options;
    options.maxStreams = services.options.maxEventStreams > 0
                             ? static_cast<std::size_t>(services.options.maxEventStreams)
                             : static_cast<std::size_t>(std::max(1, services.options.maxThreads / 2));
    options.queuePerStream = std::max<std::size_t>(1, services.options.eventQueuePerStream);
    hub_ = std::make_unique<EventStreamHub>(services.bus, options);
}

void EventStreamResource::install(Router& router) {
    router.get("/api/v1/events/stream", Role::Viewer, [this](RequestContext& c) { return stream(c); });
}

Reply EventStreamResource::stream(RequestContext& ctx) {
    auto patterns = parseTopics(ctx.query("topics"));
    if (ctx.method() == "HEAD") return Reply::bytes("", "text/event-stream");
    auto stream = hub_->open(std::move(patterns));
    if (!stream) {
        Poco::Logger::get("admin").warning("event stream refused for " + ctx.user()->username +
                                           ": all stream slots are taken");
        throw ApiError(503, "unavailable", "too many live event streams are open; try again later");
    }
    // Gives the slot back however the reply ends: streamed to the end, cut
    // off by the browser, or never started because the request failed first.
    struct Lease {
        Lease(EventStreamHub& h, std::shared_ptr<EventStreamHub::Stream> s) : hub(h), stream(std::move(s)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { hub.release(stream); }
        EventStreamHub& hub;
        std::shared_ptr<EventStreamHub::Stream> stream;
    };
    auto lease = std::make_shared<Lease>(*hub_, std::move(stream));
    const AdminUser user = *ctx.user();
    const auto heartbeat = std::chrono::milliseconds(std::max(10, services_.options.eventHeartbeatMs));
    Store& store = services_.store;
    Poco::Net::StreamSocket socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(ctx.request()).socket();
    return Reply::streamed("text/event-stream; charset=utf-8", [lease, user, heartbeat, &store, socket](std::ostream& out) {
               try {
                   // The browser reconnects after `retry` ms if the stream breaks.
                   out << "retry: 3000\n: connected\n\n";
                   out.flush();
                   auto lastWrite = std::chrono::steady_clock::now();
                   while (out) {
                       auto batch = lease->stream->wait(std::min(heartbeat, kPeerCheck));
                       if (batch.closed || peerClosed(socket)) break;
                       const auto now = std::chrono::steady_clock::now();
                       if (batch.dropped > 0) {
                           out << "data: {\"topic\":\"stream.dropped\",\"payload\":{\"dropped\":" << batch.dropped
                               << "}}\n\n";
                       }
                       for (const auto& event : batch.events) writeEvent(out, event);
                       if (batch.events.empty() && batch.dropped == 0) {
                           if (now - lastWrite < heartbeat) continue;
                           if (!sameSession(store, user)) break;
                           out << ": heartbeat\n\n";
                       }
                       out.flush();  // a browser that went away shows up here too, as a failed write
                       lastWrite = now;
                   }
               } catch (const std::exception&) {
                   // The browser closed the connection: the normal end of a live view, not an error.
               }
           })
        .header("X-Accel-Buffering", "no");  // a reverse proxy must not hold events back
}

} // namespace passway::admin
