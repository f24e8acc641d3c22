#pragma once

#include <cstdint>
#include <vector>

namespace passway {

// One page of a listing plus the total the filter matched, for paging UIs.
template <typename T>
struct Page {
    std::vector<T> items;
    std::int64_t total = 0;
};

} // namespace passway
