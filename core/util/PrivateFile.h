#pragma once

#include <string>

namespace passway {

// Writes `content` to a file only its owner may read or write (0600),
// replacing the file. The file is created empty and restricted before the
// content goes in, so the secret is never readable by others, not even for
// a moment; a missing folder is created 0700. Throws std::runtime_error.
// Used for what the host generates and must hand over once: a private key,
// the first admin password.
void writePrivateFile(const std::string& path, const std::string& content);

} // namespace passway
