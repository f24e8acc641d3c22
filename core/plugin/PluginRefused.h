#pragma once

#include <stdexcept>

namespace passway {

// A library the host will not run: not a Passway plugin, built for another
// host API, or declaring another id than the one it was loaded as. Distinct
// from a plugin that was accepted but failed (cannot open, start threw), so
// the status can say "refused" rather than "failed".
class PluginRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace passway
