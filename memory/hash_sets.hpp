// Sets of the 8-byte hashes that dedupe and sources are keyed by (hash_key), kept in memory by
// add(): an exact one for a batch, and a Bloom filter for everything one TranslationMemory
// object stored. Private to memory/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tmkit::detail {

// A hash_key() string (8 bytes, big-endian) as a number.
std::uint64_t hash_value(std::string_view hash);

// An exact set of hashes, open addressing: a batch's thousands of inserts and lookups cost a few
// nanoseconds each (std::unordered_set allocated a node per insert).
class HashSet {
 public:
  // False when `hash` was there already.
  bool insert(std::uint64_t hash);
  bool contains(std::uint64_t hash) const;
  std::size_t size() const { return size_; }

 private:
  void grow();
  std::size_t slot_of(std::uint64_t hash) const;

  // Slot i holds a hash + 1, or 0 when empty (so a hash of all ones is kept in `has_max_`).
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
  bool has_max_ = false;
};

// A Bloom filter that grows with what it holds: a generation of twice the capacity of the one
// before starts when that one is full, so that nothing is rehashed and memory stays at 10 bits
// per hash of capacity (1% false positives in each generation), at most twice what is held.
class GrowingBloomFilter {
 public:
  void insert(std::uint64_t hash);
  // False only when `hash` was never inserted.
  bool may_contain(std::uint64_t hash) const;
  std::size_t size() const { return size_; }
  std::size_t bytes() const;

 private:
  struct Generation {
    std::vector<std::uint64_t> blocks;  // 512-bit blocks, 8 words each
    std::size_t capacity = 0;
    std::size_t size = 0;
  };
  static void set_bits(Generation& generation, std::uint64_t mixed);
  static bool test_bits(const Generation& generation, std::uint64_t mixed);

  std::vector<Generation> generations_;
  std::size_t size_ = 0;
};

}  // namespace tmkit::detail
