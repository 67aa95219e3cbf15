#include "app/crypto.hpp"

#include <sodium.h>

#include <cstring>
#include <vector>

#include "core/strings.hpp"

namespace guomen::app {

bool InitCrypto() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string RandomHex(size_t bytes) {
  InitCrypto();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return core::HexEncode(raw);
}

std::string HashToken(std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return core::HexEncode(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

std::string KeyedHash(std::string_view key, std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return core::HexEncode(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, out);
  return core::HexEncode(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

std::string SealSecret(std::string_view key, std::string_view plaintext) {
  InitCrypto();
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, reinterpret_cast<const unsigned char*>(key.data()));
  return core::HexEncode(box);
}

core::Result<std::string> OpenSecret(std::string_view key, std::string_view sealed_hex) {
  std::string box;
  if (key.size() != crypto_secretbox_KEYBYTES || !core::HexDecode(sealed_hex, box) ||
      box.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return core::Fail(core::ErrorCode::kInternal, "a sealed secret is malformed");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(box.data());
  const unsigned char* cipher = nonce + crypto_secretbox_NONCEBYTES;
  size_t cipher_len = box.size() - crypto_secretbox_NONCEBYTES;
  std::string plain(cipher_len - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), cipher,
                                 cipher_len, nonce,
                                 reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return core::Fail(core::ErrorCode::kInternal,
                      "a sealed secret does not open with this server's key");
  }
  return plain;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

core::Result<std::string> HashPassword(std::string_view password) {
  InitCrypto();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kArgonOps, kArgonMemory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Fail(core::ErrorCode::kInternal, "out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  InitCrypto();
  std::string h(encoded_hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

}  // namespace guomen::app
