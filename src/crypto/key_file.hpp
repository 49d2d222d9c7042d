// The embedded default's master key file: 64 hex digits, mode 0600, beside
// the database. Created on first open when the host supplies no key.
#pragma once

#include <string>

#include "crypto/secret_key.hpp"

namespace member::crypto {

struct LoadedKey {
  SecretKey key;
  bool created = false;
};

/// Reads the key file, or creates it (exclusively, mode 0600) with a fresh
/// key when it does not exist. Throws Errc::key_error when the file is
/// readable by group or others, malformed, or cannot be written.
LoadedKey load_or_create_key_file(const std::string& path);

}  // namespace member::crypto
