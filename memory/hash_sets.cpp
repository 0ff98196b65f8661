#include "hash_sets.hpp"

#include <cassert>
#include <limits>

namespace tmkit::detail {
namespace {

// splitmix64's finaliser: hash_key is FNV-1a, whose low bits alone are poorly spread.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9u;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebu;
  x ^= x >> 31;
  return x;
}

constexpr std::uint64_t kEmpty = 0;

// Bits per hash and bits set per hash: about 1% false positives in a blocked filter.
constexpr std::size_t kBitsPerHash = 10;
constexpr int kBitsSet = 7;
constexpr std::size_t kWordsPerBlock = 8;
constexpr std::size_t kBitsPerBlock = 64 * kWordsPerBlock;
// The first generation's capacity: a TM of a million units needs one generation (1.2 MiB).
constexpr std::size_t kFirstCapacity = std::size_t{1} << 20;

std::size_t block_of(std::uint64_t mixed, std::size_t blocks) {
  // The high half, scaled to [0, blocks) without a division.
  return static_cast<std::size_t>(((mixed >> 32) * blocks) >> 32);
}

// The kBitsSet bit positions within a block, 9 bits each, from a second mix of the hash.
template <typename Visit>
void for_each_bit(std::uint64_t mixed, Visit&& visit) {
  std::uint64_t bits = mix(mixed);
  for (int i = 0; i < kBitsSet; ++i, bits >>= 9) visit(static_cast<std::size_t>(bits & 511));
}

}  // namespace

std::uint64_t hash_value(std::string_view hash) {
  assert(hash.size() == 8);
  std::uint64_t value = 0;
  for (const char c : hash) value = (value << 8) | static_cast<std::uint8_t>(c);
  return value;
}

std::size_t HashSet::slot_of(std::uint64_t hash) const {
  return static_cast<std::size_t>(mix(hash)) & (slots_.size() - 1);
}

bool HashSet::insert(std::uint64_t hash) {
  if (hash == std::numeric_limits<std::uint64_t>::max()) {
    if (has_max_) return false;
    has_max_ = true;
    ++size_;
    return true;
  }
  if ((size_ + 1) * 2 > slots_.size()) grow();
  for (std::size_t i = slot_of(hash);; i = (i + 1) & (slots_.size() - 1)) {
    if (slots_[i] == hash + 1) return false;
    if (slots_[i] == kEmpty) {
      slots_[i] = hash + 1;
      ++size_;
      return true;
    }
  }
}

bool HashSet::contains(std::uint64_t hash) const {
  if (hash == std::numeric_limits<std::uint64_t>::max()) return has_max_;
  if (slots_.empty()) return false;
  for (std::size_t i = slot_of(hash);; i = (i + 1) & (slots_.size() - 1)) {
    if (slots_[i] == hash + 1) return true;
    if (slots_[i] == kEmpty) return false;
  }
}

void HashSet::grow() {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, kEmpty);
  for (const std::uint64_t stored : old) {
    if (stored == kEmpty) continue;
    std::size_t i = slot_of(stored - 1);
    while (slots_[i] != kEmpty) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = stored;
  }
}

void GrowingBloomFilter::set_bits(Generation& generation, std::uint64_t mixed) {
  std::uint64_t* block =
      generation.blocks.data() +
      block_of(mixed, generation.blocks.size() / kWordsPerBlock) * kWordsPerBlock;
  for_each_bit(mixed, [&](std::size_t bit) { block[bit / 64] |= std::uint64_t{1} << (bit % 64); });
}

bool GrowingBloomFilter::test_bits(const Generation& generation, std::uint64_t mixed) {
  const std::uint64_t* block =
      generation.blocks.data() +
      block_of(mixed, generation.blocks.size() / kWordsPerBlock) * kWordsPerBlock;
  bool all = true;
  for_each_bit(mixed, [&](std::size_t bit) {
    all = all && (block[bit / 64] & (std::uint64_t{1} << (bit % 64))) != 0;
  });
  return all;
}

void GrowingBloomFilter::insert(std::uint64_t hash) {
  if (generations_.empty() || generations_.back().size == generations_.back().capacity) {
    Generation next;
    next.capacity = generations_.empty() ? kFirstCapacity : generations_.back().capacity * 2;
    const std::size_t blocks = (next.capacity * kBitsPerHash + kBitsPerBlock - 1) / kBitsPerBlock;
    next.blocks.assign(blocks * kWordsPerBlock, 0);
    generations_.push_back(std::move(next));
  }
  Generation& current = generations_.back();
  set_bits(current, mix(hash));
  ++current.size;
  ++size_;
}

bool GrowingBloomFilter::may_contain(std::uint64_t hash) const {
  const std::uint64_t mixed = mix(hash);
  for (const Generation& generation : generations_) {
    if (test_bits(generation, mixed)) return true;
  }
  return false;
}

std::size_t GrowingBloomFilter::bytes() const {
  std::size_t total = 0;
  for (const Generation& generation : generations_) total += generation.blocks.size() * 8;
  return total;
}

}  // namespace tmkit::detail
