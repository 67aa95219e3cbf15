// FixedVector<T, N>: a sequence of at most N values stored inside the object,
// for the lists of MrzDocument whose length the ICAO 9303 layout bounds
// (check digits: at most 5; optional data fields: at most 2). A parse then
// needs no heap for them.
//
// Reads like the std::vector it replaced: size(), empty(), begin(), end(),
// operator[], range-for. T must be default-constructible; all N values are
// constructed up front. A plain value: copy it, move it, read it from any
// thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <utility>

namespace guomen::documents {

template <typename T, size_t N>
class FixedVector {
  static_assert(N > 0 && N < 256, "the size is kept in one byte");

 public:
  static constexpr size_t capacity() { return N; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* begin() const { return items_.data(); }
  const T* end() const { return items_.data() + size_; }
  // REQUIRES: i < size().
  const T& operator[](size_t i) const { return items_[i]; }
  T& operator[](size_t i) { return items_[i]; }
  const T& back() const { return items_[size_ - 1U]; }

  // REQUIRES: size() < N. A full vector is a bug in the caller (the layouts
  // fix the counts), so it aborts rather than write past the end.
  void push_back(T value) {
    if (size_ >= N) std::abort();
    items_[size_++] = std::move(value);
  }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if (size_ >= N) std::abort();
    T& slot = items_[size_++];
    slot = T(std::forward<Args>(args)...);
    return slot;
  }
  void clear() { size_ = 0; }

 private:
  std::array<T, N> items_{};
  uint8_t size_ = 0;
};

}  // namespace guomen::documents
