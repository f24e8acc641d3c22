#include "app/LoggingSetup.h"

#include <Poco/AsyncChannel.h>
#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/File.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>

namespace passway {

void setupLogging(const Poco::Util::AbstractConfiguration& config, bool console) {
    using Poco::AutoPtr;
    AutoPtr<Poco::SplitterChannel> splitter(new Poco::SplitterChannel);
    if (console) splitter->addChannel(new Poco::ConsoleChannel);

    const std::string path = config.getString("log.path");
    if (!path.empty()) {
        Poco::File(Poco::Path(path).parent()).createDirectories();
        AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(path));
        file->setProperty("rotation", config.getString("log.rotation"));
        file->setProperty("archive", "number");
        file->setProperty("purgeCount", config.getString("log.keep"));
        file->setProperty("flush", "false");
        splitter->addChannel(file);
    }

    AutoPtr<Poco::PatternFormatter> pattern(new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S.%i %q [%s] %t"));
    pattern->setProperty("times", "local");
    AutoPtr<Poco::FormattingChannel> formatting(new Poco::FormattingChannel(pattern, splitter));
    // Writing to disk happens off the caller's thread: a device's request
    // never waits for the log file.
    AutoPtr<Poco::AsyncChannel> async(new Poco::AsyncChannel(formatting));

    const int level = Poco::Logger::parseLevel(config.getString("log.level"));
    Poco::Logger::root().setChannel(async);
    Poco::Logger::root().setLevel(level);
    // Loggers created before this point (Poco's own) keep their old channel otherwise.
    Poco::Logger::setChannel("", async);
    Poco::Logger::setLevel("", level);
}

void shutdownLogging() {
    Poco::Channel::Ptr channel = Poco::Logger::root().getChannel();
    auto* async = dynamic_cast<Poco::AsyncChannel*>(channel.get());
    if (!async) return;
    // What is logged from here on (destructors on the way out) is written on
    // the caller's thread. Through the closed AsyncChannel it would start
    // the channel's thread again, and Poco's loggers, destroyed with the
    // library's statics at exit, then close it by joining a thread that may
    // wait for a wake-up already given: passwayd hung after "stopped" (1 in
    // about 12 stops under load, with the loggers' destructor in pthread_join).
    Poco::Logger::setChannel("", async->getChannel());
    async->close();  // drains its queue, then stops its thread
}

} // namespace passway
