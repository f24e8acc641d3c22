#pragma once

#include <string>

namespace passway {

// passwayd is linked with jemalloc where it is installed (core/app/CMakeLists.txt);
// then there is nothing to tune, and this says so.
//
// With glibc's malloc it keeps glibc from handing freed heap tops back to
// the kernel after every large request. Each handler thread frees a photo
// upload's body, its decoded bytes and JSON (a few hundred KB) once the
// answer is out; with the default 128 KiB trim threshold every such free
// ended in madvise(), 7 % of passwayd's CPU while terminals uploaded
// photos. The threshold is raised to 1 MiB, which removed those calls in
// httpv2_bench and keeps at most 1 MiB per malloc arena that the kernel
// could otherwise have had back. A MALLOC_TRIM_THRESHOLD_ set in the
// environment wins.
//
// Returns the allocator in use, for the start-up log.
std::string tuneAllocator();

} // namespace passway
