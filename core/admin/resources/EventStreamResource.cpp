#include "admin/resources/EventStreamResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "store/Store.h"

#include <Poco/Logger.h>
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

} // namespace

EventStreamResource::EventStreamResource(AdminServices& services) : services_(services) {
    EventStreamHub::Options options;
    options.maxStreams = services.options.maxEventStreams > 0
                             ? static_cast<std::size_t>(services.options.maxEventStreams)
                             : static_cast<std::size_t>(std::max(1, services.options.maxThreads / 2));
    options.queuePerStream = std::max<std::size_t>(1, services.options.eventQueuePerStream);
    hub_ = std::make_unique<EventStreamHub>(services.bus, options);
    live_ = std::make_unique<LiveEventStreams>(*hub_, services.store,
                                               std::chrono::milliseconds(std::max(10, services.options.eventHeartbeatMs)));
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
    // Gives the slot back however the reply ends: handed to the live
    // streams, or never started because the request failed first.
    struct Lease {
        Lease(EventStreamHub& h, std::shared_ptr<EventStreamHub::Stream> s) : hub(h), stream(std::move(s)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() {
            if (stream) hub.release(stream);
        }
        EventStreamHub& hub;
        std::shared_ptr<EventStreamHub::Stream> stream;
    };
    auto lease = std::make_shared<Lease>(*hub_, std::move(stream));
    AdminUser user = *ctx.user();
    LiveEventStreams& live = *live_;
    return Reply::liveStream("text/event-stream; charset=utf-8",
                             [lease, user, &live](std::shared_ptr<net::HttpStream> out) {
                                 live.add(std::move(lease->stream), user, std::move(out));
                             })
        .header("X-Accel-Buffering", "no");  // a reverse proxy must not hold events back
}

} // namespace passway::admin
