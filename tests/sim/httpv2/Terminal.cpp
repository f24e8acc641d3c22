#include "sim/httpv2/Terminal.h"

#include "sim/httpv2/HttpConnection.h"
#include "sim/httpv2/Session.h"
#include "sim/httpv2/WorkSettings.h"

#include <ctime>

namespace passway::sim::httpv2 {

namespace {

// A tiny well-formed JPEG frame (SOI, APP0 JFIF, a comment, EOI) standing in
// for the camera until a test gives it a real photo.
std::string placeholderJpeg() {
    static const unsigned char bytes[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I',  'F',
                                          0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
                                          0xFF, 0xFE, 0x00, 0x05, 's',  'i',  'm',  0xFF, 0xD9};
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

}  // namespace

Terminal::Terminal(TerminalOptions options)
    : options_(std::move(options)),
      wire_(options_.wire),
      model_(options_.firstRecordId,
             WorkSettings::defaults(options_.sn, "http://" + options_.host + ":" + std::to_string(options_.port),
                                    options_.keepaliveSeconds, std::time(nullptr))) {
    model_.setCameraImage(placeholderJpeg());
    model_.setClockOffset(options_.clockOffsetSeconds);
}

Terminal::~Terminal() {
    stop();
}

std::chrono::milliseconds Terminal::keepaliveInterval() const {
    if (options_.keepaliveInterval.count() > 0) return options_.keepaliveInterval;
    int seconds = options_.keepaliveSeconds;
    try {
        seconds = model_.settings()->getValue<int>("HTTPClient_KeepaliveTime");
    } catch (const Poco::Exception&) {
    }
    return std::chrono::seconds(seconds > 0 ? seconds : options_.keepaliveSeconds);
}

SessionReport Terminal::runSession() {
    std::lock_guard session(sessionMutex_);
    SessionReport report = Session(options_, wire_, model_, keepaliveInterval()).run();
    std::lock_guard lock(stateMutex_);
    last_ = report;
    ++sessions_;
    return report;
}

bool Terminal::runUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                        std::chrono::milliseconds pause) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        runSession();
        if (done()) return true;
        if (std::chrono::steady_clock::now() + pause > deadline) return false;
        std::this_thread::sleep_for(pause);
    }
}

SessionReport Terminal::lastReport() const {
    std::lock_guard lock(stateMutex_);
    return last_;
}

int Terminal::sessions() const {
    std::lock_guard lock(stateMutex_);
    return sessions_;
}

std::uint64_t Terminal::addRecord(RecordSpec record) {
    return model_.addRecord(std::move(record));
}

Authorization Terminal::requestAuthorization(RecordSpec record) {
    std::lock_guard session(sessionMutex_);  // one connection to the server at a time
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    if (record.recordId == 0) {
        record.recordId =
            static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
    }
    if (record.recordDate == 0) record.recordDate = std::chrono::duration_cast<std::chrono::seconds>(now).count();
    const HttpRequest request = wire_.record("/Device/RequestAuthorization", options_.sn, record);
    CallRecord call;
    call.method = request.method;
    call.path = request.path;
    call.requestJson = WireFormat::recordDetail(record);
    Authorization result;
    HttpConnection connection(options_.host, options_.port, options_.timeout, options_.tls);
    connection.setClient(options_.localAddress, options_.certificateFile, options_.privateKeyFile);
    try {
        const HttpResponse response = connection.exchange(request);
        result.httpStatus = call.httpStatus = response.status;
        result.success = call.success = response.success();
        result.message = call.message = response.message();
        call.replyBody = response.body;
    } catch (const WireError& e) {
        result.error = call.error = e.what();
    }
    call.connection = 1;
    model_.logCall(std::move(call));
    return result;
}

void Terminal::start() {
    std::lock_guard lock(stateMutex_);
    if (loop_.joinable()) return;
    stopping_ = false;
    loop_ = std::thread([this] {
        for (;;) {
            runSession();
            std::unique_lock lock(stateMutex_);
            if (wake_.wait_for(lock, keepaliveInterval(), [this] { return stopping_; })) return;
        }
    });
}

void Terminal::stop() {
    {
        std::lock_guard lock(stateMutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (loop_.joinable()) loop_.join();
}

}  // namespace passway::sim::httpv2
