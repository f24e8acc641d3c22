#include "sim/httpv2/HttpConnection.h"

#include "sim/httpv2/Gzip.h"

#include <map>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <sys/socket.h>

#include <mutex>

namespace passway::sim::httpv2 {

namespace {

constexpr std::size_t kMaxHead = 64 * 1024;
constexpr std::size_t kMaxBody = 256u << 20;
constexpr std::size_t kCoalesce = 256 * 1024;  // head and body in one send() below this size

Poco::Timespan span(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

Poco::Net::Context::Ptr tlsContext() {
    static std::once_flag once;
    static Poco::Net::Context::Ptr context;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_NONE);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    });
    return context;
}

// One client context per certificate: the terminal presents it when the server asks.
Poco::Net::Context::Ptr tlsContext(const std::string& certificateFile, const std::string& privateKeyFile) {
    if (certificateFile.empty()) return tlsContext();
    static std::mutex mutex;
    static std::map<std::string, Poco::Net::Context::Ptr> contexts;
    tlsContext();  // SSL initialized
    std::lock_guard lock(mutex);
    auto& context = contexts[certificateFile + "|" + privateKeyFile];
    if (!context) {
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, privateKeyFile, certificateFile, "",
                                         Poco::Net::Context::VERIFY_NONE);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    }
    return context;
}

}  // namespace

void HttpConnection::setClient(std::string localAddress, std::string certificateFile, std::string privateKeyFile) {
    localAddress_ = std::move(localAddress);
    certificateFile_ = std::move(certificateFile);
    privateKeyFile_ = std::move(privateKeyFile);
}

HttpConnection::HttpConnection(std::string host, std::uint16_t port, std::chrono::milliseconds timeout, bool tls)
    : host_(std::move(host)), port_(port), timeout_(timeout), tls_(tls) {}

HttpConnection::~HttpConnection() {
    close();
}

void HttpConnection::connect() {
    if (open_) return;
    try {
        const Poco::Net::SocketAddress server(host_, port_);
        if (localAddress_.empty() && certificateFile_.empty()) {
            socket_ = tls_ ? Poco::Net::StreamSocket(Poco::Net::SecureStreamSocket(tlsContext())) : Poco::Net::StreamSocket();
            socket_.connect(server, span(timeout_));
        } else {
            // A plain socket from the chosen address, TLS started over it.
            Poco::Net::StreamSocket plain(server.family());
            if (!localAddress_.empty()) plain.impl()->bind(Poco::Net::SocketAddress(localAddress_, 0), false);
            plain.connect(server, span(timeout_));
            socket_ = tls_ ? Poco::Net::StreamSocket(Poco::Net::SecureStreamSocket::attach(
                                 plain, host_, tlsContext(certificateFile_, privateKeyFile_)))
                           : plain;
        }
        socket_.setNoDelay(true);
        socket_.setReceiveTimeout(span(timeout_));
        socket_.setSendTimeout(span(timeout_));
    } catch (const Poco::Exception& e) {
        throw WireError("connect to " + hostHeader() + " failed: " + e.displayText());
    }
    open_ = true;
    in_.clear();
    socketRequests_ = 0;
    ++connects_;
}

void HttpConnection::close() {
    if (!open_) return;
    try {
        socket_.close();
    } catch (const Poco::Exception&) {
    }
    open_ = false;
    in_.clear();
}

std::string HttpConnection::head(const HttpRequest& request) const {
    // Host comes second, Content-Length last: the order of the document's examples.
    std::string out = request.method + " " + request.path + " HTTP/1.1\r\n";
    bool hostWritten = false;
    auto writeHost = [&] {
        out += "Host: " + hostHeader() + "\r\n";
        hostWritten = true;
    };
    for (std::size_t i = 0; i < request.headers.size(); ++i) {
        out += request.headers[i].first + ": " + request.headers[i].second + "\r\n";
        if (i == 0 && !hostWritten) writeHost();
    }
    if (!hostWritten) writeHost();
    if (request.method != "GET" || !request.body.empty()) {
        out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
    }
    out += "\r\n";
    return out;
}

void HttpConnection::sendAll(std::string_view bytes) {
    while (!bytes.empty()) {
        const int chunk = static_cast<int>(std::min<std::size_t>(bytes.size(), 1u << 20));
        // MSG_NOSIGNAL: a server that closes early must not kill the simulator with SIGPIPE.
        const int sent = socket_.sendBytes(bytes.data(), chunk, MSG_NOSIGNAL);
        if (sent <= 0) throw Poco::Net::ConnectionResetException("send returned " + std::to_string(sent));
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
}

void HttpConnection::sendRaw(std::string_view bytes) {
    connect();
    try {
        sendAll(bytes);
    } catch (const Poco::Exception& e) {
        close();
        throw WireError("send to " + hostHeader() + " failed: " + e.displayText());
    }
}

HttpResponse HttpConnection::exchange(const HttpRequest& request) {
    const std::string requestHead = head(request);
    for (int attempt = 0;; ++attempt) {
        const bool reused = open_ && socketRequests_ > 0;
        connect();
        ++requests_;
        ++socketRequests_;
        std::string sendError;
        try {
            if (requestHead.size() + request.body.size() <= kCoalesce) {
                sendAll(requestHead + request.body);
            } else {
                sendAll(requestHead);
                sendAll(request.body);
            }
        } catch (const Poco::Exception& e) {
            sendError = e.displayText();  // the server may have answered before it stopped reading
        }
        const std::size_t receivedBefore = received_;
        try {
            return readResponse();
        } catch (const WireError& e) {
            close();
            // A kept-alive connection the server dropped while idle: a terminal reconnects once.
            if (reused && attempt == 0 && received_ == receivedBefore) continue;
            throw WireError(std::string(e.what()) + (sendError.empty() ? "" : " (send: " + sendError + ")"));
        }
    }
}

HttpResponse HttpConnection::exchangeRaw(std::string_view bytes) {
    connect();
    ++requests_;
    std::string sendError;
    try {
        sendAll(bytes);
    } catch (const Poco::Exception& e) {
        sendError = e.displayText();
    }
    try {
        return readResponse();
    } catch (const WireError& e) {
        close();
        throw WireError(std::string(e.what()) + (sendError.empty() ? "" : " (send: " + sendError + ")"));
    }
}

std::size_t HttpConnection::fill() {
    char buffer[65536];
    int n = 0;
    try {
        n = socket_.receiveBytes(buffer, sizeof buffer);
    } catch (const Poco::TimeoutException&) {
        throw WireError("no answer from " + hostHeader() + " within " + std::to_string(timeout_.count()) + " ms");
    } catch (const Poco::Exception& e) {
        throw WireError("receive from " + hostHeader() + " failed: " + e.displayText());
    }
    if (n < 0) throw WireError("receive from " + hostHeader() + " failed");
    in_.append(buffer, static_cast<std::size_t>(n));
    received_ += static_cast<std::size_t>(n);
    return static_cast<std::size_t>(n);
}

std::string HttpConnection::readLine() {
    for (;;) {
        const auto end = in_.find("\r\n");
        if (end != std::string::npos) {
            std::string line = in_.substr(0, end);
            in_.erase(0, end + 2);
            return line;
        }
        if (in_.size() > kMaxHead) throw WireError("header line too long from " + hostHeader());
        if (fill() == 0) throw WireError("connection closed by " + hostHeader() + " before a complete answer");
    }
}

std::string HttpConnection::readBody(std::size_t length) {
    if (length > kMaxBody) throw WireError("answer body too large");
    while (in_.size() < length) {
        if (fill() == 0) throw WireError("connection closed by " + hostHeader() + " inside the answer body");
    }
    std::string body = in_.substr(0, length);
    in_.erase(0, length);
    return body;
}

std::string HttpConnection::readChunked() {
    std::string body;
    for (;;) {
        const std::string sizeLine = readLine();
        const std::size_t size = std::stoul(sizeLine.substr(0, sizeLine.find(';')), nullptr, 16);
        if (size == 0) {
            while (!readLine().empty()) {
            }  // trailers
            return body;
        }
        body += readBody(size);
        if (!readLine().empty()) throw WireError("bad chunk framing from " + hostHeader());
        if (body.size() > kMaxBody) throw WireError("answer body too large");
    }
}

std::string HttpConnection::readToClose() {
    while (fill() != 0) {
        if (in_.size() > kMaxBody) throw WireError("answer body too large");
    }
    std::string body = std::move(in_);
    in_.clear();
    return body;
}

HttpResponse HttpConnection::readResponse() {
    HttpResponse response;
    std::string version;
    do {  // skip interim 1xx answers
        const std::string status = readLine();
        if (status.rfind("HTTP/1.", 0) != 0 || status.size() < 12) {
            throw WireError("not an HTTP answer from " + hostHeader() + ": " + status.substr(0, 80));
        }
        version = status.substr(0, 8);
        response.status = std::atoi(status.c_str() + 9);
        response.reason = status.size() > 13 ? status.substr(13) : "";
        response.headers.clear();
        for (std::string line = readLine(); !line.empty(); line = readLine()) {
            const auto colon = line.find(':');
            if (colon == std::string::npos) throw WireError("bad header line from " + hostHeader());
            response.headers.emplace_back(line.substr(0, colon), Poco::trim(line.substr(colon + 1)));
        }
    } while (response.status >= 100 && response.status < 200);

    const std::string connection = Poco::toLower(response.header("Connection"));
    response.serverClosed = connection == "close" || (version == "HTTP/1.0" && connection != "keep-alive");
    const std::string length = response.header("Content-Length");
    std::string body;
    if (response.status == 204 || response.status == 304) {
    } else if (Poco::icompare(response.header("Transfer-Encoding"), "chunked") == 0) {
        body = readChunked();
    } else if (!length.empty()) {
        body = readBody(static_cast<std::size_t>(Poco::NumberParser::parseUnsigned64(length)));
    } else {
        body = readToClose();
        response.serverClosed = true;
    }
    response.wireBodyBytes = body.size();
    const std::string encoding = Poco::toLower(response.header("Content-Encoding"));
    if (encoding == "gzip" || encoding == "deflate") {
        try {
            body = gunzip(body);
        } catch (const std::exception& e) {
            throw WireError("answer from " + hostHeader() + " has a bad " + encoding + " body: " + e.what());
        }
    }
    response.body = std::move(body);
    if (response.serverClosed) close();
    return response;
}

}  // namespace passway::sim::httpv2
