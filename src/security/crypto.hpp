#pragma once

// Secrets, through libsodium. Passwords (chosen by people) get Argon2id; API keys and session
// tokens (256-bit random values) get a fast BLAKE2b hash, because a slow KDF on every request
// would cost a third of a second of CPU each.

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ratusz::security {

// Must be called once before any other function here (it is idempotent and thread-safe).
[[nodiscard]] Status Initialize();

// A new random token: 32 bytes, URL-safe base64 without padding (43 characters).
std::string NewToken();

// Hex BLAKE2b-256 of a token, for storing and looking it up.
std::string HashToken(std::string_view token);

// Argon2id with libsodium's interactive limits; the result embeds salt and parameters.
[[nodiscard]] Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& hash);

// Hex BLAKE2b-256 of arbitrary bytes (request fingerprints for idempotency).
std::string Fingerprint(std::string_view data);

// Hex SHA-256 (names stored files).
std::string Sha256Hex(std::string_view data);

// Whether two secrets are equal, in time that does not depend on where they differ.
bool ConstantTimeEquals(std::string_view given, std::string_view expected);

// Hex HMAC-SHA256 of `message` under `key` (any length).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// Webhook signatures, both ways: "sha256=" + HMAC-SHA256 over "<timestamp>.<body>" with the
// shared secret. The timestamp (Unix seconds, sent beside the signature) is signed too, so a
// captured request cannot be replayed later with a fresh timestamp.
std::string SignWebhook(std::string_view secret, std::string_view timestamp, std::string_view body);
// Compares in constant time.
bool VerifyWebhook(std::string_view secret, std::string_view timestamp, std::string_view body,
                   std::string_view signature);

}  // namespace ratusz::security
