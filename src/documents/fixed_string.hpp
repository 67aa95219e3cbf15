// FixedString<N>: a string of at most N characters stored inside the object.
// The text fields of MrzDocument use it: their longest values are fixed by
// the ICAO 9303 layouts, so a parse needs no heap and copying a document is a
// plain copy of bytes.
//
// Reads like the std::string it replaced: size(), empty(), data(), begin(),
// end(), operator[], back(), comparison and concatenation with strings, and
// an implicit conversion to std::string_view for everything else
// (std::string(s) makes an owned copy). A plain value: copy it, move it, read
// it from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace guomen::documents {

template <size_t N>
class FixedString {
  static_assert(N > 0 && N < 256, "the length is kept in one byte");

 public:
  FixedString() = default;
  // The first N characters of `s` (see assign()).
  explicit FixedString(std::string_view s) { assign(s); }

  static constexpr size_t capacity() { return N; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const char* data() const { return chars_; }
  const char* begin() const { return chars_; }
  const char* end() const { return chars_ + size_; }
  // REQUIRES: i < size().
  char operator[](size_t i) const { return chars_[i]; }
  // REQUIRES: !empty().
  char front() const { return chars_[0]; }
  char back() const { return chars_[size_ - 1]; }

  // Replaces the contents with `s`, cut to its first N characters (callers
  // size N for the longest value of the field, so nothing is cut in use).
  // REQUIRES: `s` does not point into this string.
  void assign(std::string_view s) {
    const size_t n = s.size() < N ? s.size() : N;
    CopyShort(chars_, s.data(), n);
    size_ = static_cast<uint8_t>(n);
  }
  // Appends as much of `s` as fits. REQUIRES: as for assign().
  void append(std::string_view s) {
    const size_t room = N - size_;
    const size_t n = s.size() < room ? s.size() : room;
    CopyShort(chars_ + size_, s.data(), n);
    size_ = static_cast<uint8_t>(size_ + n);
  }
  // As std::string::resize_and_overwrite (C++23): `op(p, n)` writes the
  // characters at `p` (room for n; REQUIRES: n <= N) and returns how many it
  // wrote. For values built in place, without a copy.
  template <typename Op>
  void resize_and_overwrite(size_t n, Op op) {
    const size_t size = static_cast<size_t>(op(chars_, n < N ? n : N));
    size_ = static_cast<uint8_t>(size < N ? size : N);
  }
  void clear() { size_ = 0; }

  operator std::string_view() const { return std::string_view(chars_, size_); }  // NOLINT

  friend bool operator==(const FixedString& a, std::string_view b) {
    return std::string_view(a) == b;
  }
  friend std::string operator+(std::string_view a, const FixedString& b) {
    std::string out;
    out.reserve(a.size() + b.size());
    out.append(a).append(b.data(), b.size());
    return out;
  }
  friend std::string operator+(const FixedString& a, std::string_view b) {
    std::string out;
    out.reserve(a.size() + b.size());
    out.append(a.data(), a.size()).append(b);
    return out;
  }

 private:
  // Copies n <= N bytes with a few fixed-size, possibly overlapping moves:
  // the values are short, and a memcpy call of a run-time length cost more
  // than the copy itself.
  static void CopyShort(char* dst, const char* src, size_t n) {
    if (N >= 16 && n >= 16) {
      for (size_t i = 0; i + 16 < n; i += 16) std::memcpy(dst + i, src + i, 16);
      std::memcpy(dst + n - 16, src + n - 16, 16);
    } else if (n >= 8) {
      std::memcpy(dst, src, 8);
      std::memcpy(dst + n - 8, src + n - 8, 8);
    } else if (n >= 4) {
      std::memcpy(dst, src, 4);
      std::memcpy(dst + n - 4, src + n - 4, 4);
    } else if (n > 0) {
      dst[0] = src[0];
      dst[n / 2] = src[n / 2];
      dst[n - 1] = src[n - 1];
    }
  }

  // Zero-filled so that a copy never reads indeterminate bytes.
  char chars_[N]{};
  uint8_t size_ = 0;
};

}  // namespace guomen::documents
