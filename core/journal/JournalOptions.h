#pragma once

#include <chrono>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway {

struct JournalOptions {
    // Entries every live cursor has passed are deleted once this old; a
    // subscriber stopped for longer is told which events it lost.
    std::chrono::hours retention{72};
    int batch = 500;                                  // entries read (and one cursor move) at a time
    std::chrono::milliseconds batchTime{200};         // a batch longer than this commits early
    int attempts = 3;                                 // tries of a failing handler before the dead letters
    std::chrono::milliseconds retryDelay{50};         // times the attempt number
    std::chrono::milliseconds poll{1000};             // look at the store anyway (other writers)
    std::chrono::minutes pruneEvery{10};
    std::string host;  // written on each entry: which host of a cluster appended it ("" alone)

    // journal.retention_hours, journal.batch, scripts.event_attempts.
    static JournalOptions read(const Poco::Util::AbstractConfiguration& config);
};

} // namespace passway
