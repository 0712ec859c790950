#pragma once

// Personal data at rest: every personal field (a reporter's name, e-mail and phone, a resident's
// profile, a caller's address) is sealed with libsodium's secretbox (XSalsa20-Poly1305) before
// it is written and opened when it is read. Lookups by e-mail or phone use a keyed BLAKE2b of
// the normalised value (a "blind index"), so equal values can be found without storing them.
//
// The keys live in a small text file (or an environment variable), never in the database:
//
//   # Ratusz personal-data keys: keep apart from the database and its backups.
//   index 9f3c...   (64 hex digits: the blind-index key; it never changes)
//   key 1 4a1b...   (64 hex digits each; the highest number seals, every one still opens)
//   key 2 77e0...
//
// Rotation: add a key (`ratusz privacy add-key`), restart, then `ratusz privacy reseal` rewrites
// every sealed field with the newest key; afterwards the older keys may be removed.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ratusz::security {

class Sealer {
 public:
  // Parses a key file's text; every problem is reported with its line.
  [[nodiscard]] static Result<Sealer> FromText(std::string_view text);
  // The text of a new key file: a random index key and key 1.
  static std::string NewKeyFile();
  // `text` with one more random key, numbered after the highest.
  [[nodiscard]] static Result<std::string> WithNewKey(std::string_view text);

  // "s1.<key>.<base64url(nonce | mac | ciphertext)>"; the empty string stays empty.
  std::string Seal(std::string_view plain) const;
  // The plain text of a sealed value. A value that is not sealed (written before encryption
  // was turned on) is returned as it is; a sealed value that does not open is an error.
  [[nodiscard]] Result<std::string> Open(std::string_view stored) const;
  // Whether `stored` is empty or sealed with the newest key (nothing to reseal).
  bool IsCurrent(std::string_view stored) const;
  // Hex keyed BLAKE2b-128 of a normalised value; the empty string stays empty.
  std::string Lookup(std::string_view normalised) const;

  int current_key() const { return current_; }

 private:
  using Key = std::string;  // 32 raw bytes.
  std::string index_key_;
  std::map<int, Key> keys_;
  int current_ = 0;
};

}  // namespace ratusz::security
