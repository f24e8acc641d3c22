#include "app/AllocatorTuning.h"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace passway {

void tuneAllocator() {
#if defined(__GLIBC__)
    constexpr int kTrimThresholdBytes = 1 << 20;
    if (std::getenv("MALLOC_TRIM_THRESHOLD_") == nullptr) mallopt(M_TRIM_THRESHOLD, kTrimThresholdBytes);
#endif
}

} // namespace passway
