#include "app/AllocatorTuning.h"

#include <cstdlib>

#if defined(__GLIBC__)
#include <dlfcn.h>
#include <malloc.h>
#endif

namespace passway {

std::string tuneAllocator() {
#if defined(__GLIBC__)
    // jemalloc's own control entry: present when it is linked or preloaded.
    if (::dlsym(RTLD_DEFAULT, "mallctl") != nullptr) return "jemalloc";
    constexpr int kTrimThresholdBytes = 1 << 20;
    if (std::getenv("MALLOC_TRIM_THRESHOLD_") == nullptr) mallopt(M_TRIM_THRESHOLD, kTrimThresholdBytes);
    return "glibc malloc (trim threshold 1 MiB)";
#else
    return "the C library's malloc";
#endif
}

} // namespace passway
