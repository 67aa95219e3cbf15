// The cryptography guomen uses, all from libsodium: random tokens, BLAKE2b
// hashes (keyed for the audit chain), argon2id password hashes and
// constant-time comparison. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace guomen::app {

// Initialises libsodium once; returns false if it cannot.
bool InitCrypto();

// `bytes` random bytes as lower-case hex (so 16 bytes = 128 bits = 32 chars).
std::string RandomHex(size_t bytes);
// Unkeyed BLAKE2b-256 of `data`, hex. Used to store session and API tokens.
std::string HashToken(std::string_view data);
// Keyed BLAKE2b-256 of `data`, hex. REQUIRES: key is 16..64 bytes.
std::string KeyedHash(std::string_view key, std::string_view data);
// HMAC-SHA-256 of `data` under `key` (any length), lower-case hex: the
// signature partner agencies verify on webhooks (RFC 2104).
std::string HmacSha256Hex(std::string_view key, std::string_view data);
// Seals `plaintext` with XSalsa20-Poly1305 (libsodium secretbox) under a
// 32-byte key; returns hex of nonce + ciphertext. REQUIRES: key is 32 bytes.
std::string SealSecret(std::string_view key, std::string_view plaintext);
// Opens what SealSecret sealed. Errors: kInternal when the box is malformed
// or was sealed under another key.
core::Result<std::string> OpenSecret(std::string_view key, std::string_view sealed_hex);
// Constant-time equality of two strings (false if lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// argon2id with t=2 and 19 MiB (OWASP's minimum for argon2id).
inline constexpr unsigned long long kArgonOps = 2;
inline constexpr size_t kArgonMemory = 19u * 1024u * 1024u;
// Errors: kInternal when out of memory.
core::Result<std::string> HashPassword(std::string_view password);
// True if `password` matches the encoded hash.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

}  // namespace guomen::app
