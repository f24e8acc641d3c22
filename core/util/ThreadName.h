#pragma once

#include <string>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace passway {

// Names the calling thread for `top -H`, perf and gdb. Linux keeps 15
// characters; a longer label is cut there, not refused.
inline void nameThisThread(const std::string& label) {
#if defined(__linux__)
    pthread_setname_np(pthread_self(), label.substr(0, 15).c_str());
#else
    (void)label;
#endif
}

} // namespace passway
