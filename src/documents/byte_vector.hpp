// Sixteen bytes processed at once, for the per-character scans of the MRZ
// (alphabet check, normaliser fast path). Private to the documents engine.
//
// Why: the scans are "is every byte in a few ranges", over 72 to 90 bytes per
// document. Written per byte, GCC turns the range tests into a bit-test
// switch and does not vectorise, which made the character check the most
// expensive step of a parse (~17 instructions per byte). With the GCC/Clang
// vector extension one comparison covers 16 bytes (SSE2 on x86-64, NEON on
// ARM; no intrinsics, no run-time CPU dispatch).
//
// Lanes of a comparison result are 0xFF (true) or 0x00 (false).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace guomen::documents {

using ByteVector = uint8_t __attribute__((vector_size(16)));
inline constexpr size_t kByteVectorSize = sizeof(ByteVector);

// REQUIRES: 16 readable bytes at `p`.
inline ByteVector LoadBytes(const void* p) {
  ByteVector v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// 0xFF in the lanes holding a byte in [lo, lo + count).
inline ByteVector InRange(ByteVector v, uint8_t lo, uint8_t count) {
  // Unsigned wrap-around: one subtraction and one comparison per range.
  return reinterpret_cast<ByteVector>(static_cast<ByteVector>(v - lo) < count);
}

inline ByteVector Equals(ByteVector v, uint8_t c) { return reinterpret_cast<ByteVector>(v == c); }

inline bool AnyLane(ByteVector v) {
  uint64_t half[2];
  std::memcpy(half, &v, sizeof half);
  return (half[0] | half[1]) != 0;
}

}  // namespace guomen::documents
