#pragma once

// string.find, string.match, string.gmatch and string.gsub under the
// script deadline. Lua's pattern matcher is C: the count hook that enforces
// the deadline never fires inside it, and a backtracking pattern on a few
// kilobytes (("a"):rep(1e5):find(".-.-b")) runs for minutes.
//
// The choice: refuse before matching when the matcher's worst case cannot
// finish in the time the call has left. The bound is computed from the
// subject and the pattern in one pass per quantified item:
//   starts × Π factor(item) × (pattern length + 1) + subject length
// where starts is 1 for an anchored pattern (^) and the subject length
// otherwise; an item x* x+ x- (x a character class) that can backtrack
// counts the longest run of subject bytes x matches, plus one; x? counts 2;
// %b and back-references count the subject length; a quantified item at the
// very end (only capture closes after it) cannot backtrack and counts 1.
// Plain finds cost subject × pattern. The unit is one matcher step, of
// which kStepsPerMillisecond are assumed (measured, then halved).
//
// So s:gmatch("[^,]+") over a megabyte, or s:match("^(%d+)-(%d+)$"), are
// always allowed; ("a"):rep(1e5):find("a*b") is refused with an error that
// says so. A script that needs more splits the subject first.

#include <lua.hpp>

#include <cstdint>
#include <string_view>

namespace passway {

constexpr std::uint64_t kStepsPerMillisecond = 200000;

// Worst-case matcher steps of one call (saturates at UINT64_MAX).
// `anchorCounts`: false for gmatch, where '^' does not anchor.
std::uint64_t patternCost(std::string_view subject, std::string_view pattern, bool plain, bool anchorCounts);

// Replaces find, match, gmatch and gsub in the string table at the top of
// the stack with wrappers that check patternCost() against the time the
// running call has left (LuaSandbox::remaining) and call the original.
void installPatternGuard(lua_State* L);

} // namespace passway
