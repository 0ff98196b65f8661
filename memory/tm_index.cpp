#include "tm_index.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <span>
#include <utility>

#include "posting_blocks.hpp"
#include "posting_runs.hpp"
#include "record_codec.hpp"

namespace tmkit::detail {
namespace {

std::string big_endian(std::uint64_t v, int bytes) {
  std::string out(static_cast<std::size_t>(bytes), '\0');
  for (int i = 0; i < bytes; ++i) {
    out[static_cast<std::size_t>(bytes - 1 - i)] = static_cast<char>((v >> (8 * i)) & 0xFFu);
  }
  return out;
}

void put_little(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
}

std::uint64_t get_little(const char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(p[i]);
  return v;
}

std::uint16_t saturate(std::size_t n) {
  return static_cast<std::uint16_t>(std::min(n, kMaxPostingLength));
}

std::uint8_t saturate_count(std::uint32_t n) {
  return static_cast<std::uint8_t>(std::min(n, 255u));
}

std::string signature(const TranslationUnit& unit, const TokenKeys& keys) {
  std::string out;
  const std::string src = unit.src_lang.language();
  const std::string tgt = unit.tgt_lang.language();
  out.reserve(2 + src.size() + tgt.size() + 12 + 4 * keys.raw.size());
  out.push_back(static_cast<char>(std::min<std::size_t>(src.size(), 255)));
  out.append(src, 0, 255);
  out.push_back(static_cast<char>(std::min<std::size_t>(tgt.size(), 255)));
  out.append(tgt, 0, 255);
  put_little(out, keys.raw.size(), 4);
  put_little(out, sequence_hash(keys.folded), 8);
  for (std::uint32_t h : keys.raw) put_little(out, h, 4);
  return out;
}

using Entries = std::vector<PostingEntry>;

// Calls `write` with each key of `entries` and its postings, leaving out those of the units in
// `dropped` (sorted). `entries` must be sorted by key, then by posting, i.e. by length and id
// as they sort in the database.
Status for_each_key(
    Dbi dbi, const Entries& entries, const std::vector<std::uint64_t>& dropped,
    const std::function<Status(Dbi, std::uint32_t, std::span<const std::uint64_t>)>& write) {
  std::vector<std::uint64_t> postings;
  for (std::size_t i = 0; i < entries.size();) {
    const std::uint32_t key = entries[i].first;
    postings.clear();
    for (; i < entries.size() && entries[i].first == key; ++i) {
      const std::uint64_t posting = entries[i].second;
      const std::uint64_t id = (posting >> 8) & kMaxIndexedId;
      if (std::binary_search(dropped.begin(), dropped.end(), id)) continue;
      postings.push_back(posting);
    }
    TMKIT_RETURN_IF_ERROR(write(dbi, key, postings));
  }
  return {};
}

}  // namespace

std::uint64_t pack_posting(const Posting& p) {
  return (std::uint64_t{p.length} << 48) | ((p.id & kMaxIndexedId) << 8) | p.count;
}

std::string encode_posting(const Posting& posting) { return big_endian(pack_posting(posting), 8); }

std::string encode_gram_key(std::uint32_t key) { return big_endian(key, 4); }

std::uint32_t decode_gram_key(std::string_view bytes) {
  if (bytes.size() != 4) return 0;
  std::uint32_t key = 0;
  for (const char c : bytes) key = (key << 8) | static_cast<std::uint8_t>(c);
  return key;
}

KeyCounts key_counts_in_order(const std::vector<std::uint32_t>& keys) {
  // Open addressing: a slot holds 1 + the index of its key in `out`, 0 when empty. A unit's
  // few dozen keys fit the table on the stack.
  constexpr std::size_t kStackSlots = 128;
  int bits = 1;
  while ((std::size_t{1} << bits) < 2 * keys.size()) ++bits;
  const std::size_t slots = std::size_t{1} << bits;
  std::array<std::uint32_t, kStackSlots> stack_slots;
  std::vector<std::uint32_t> heap_slots(slots > kStackSlots ? slots : 0);
  std::uint32_t* slot = slots > kStackSlots ? heap_slots.data() : stack_slots.data();
  std::fill_n(slot, slots, 0);
  const std::size_t mask = slots - 1;
  KeyCounts out;
  out.reserve(keys.size());
  for (const std::uint32_t key : keys) {
    // Fibonacci hashing: the product's high bits depend on all of the key's.
    std::size_t at = (std::uint64_t{key} * 0x9E3779B97F4A7C15u) >> (64 - bits);
    while (slot[at] != 0 && out[slot[at] - 1].first != key) at = (at + 1) & mask;
    if (slot[at] == 0) {
      out.emplace_back(key, 0);
      slot[at] = static_cast<std::uint32_t>(out.size());
    }
    ++out[slot[at] - 1].second;
  }
  return out;
}

KeyCounts key_counts(const std::vector<std::uint32_t>& keys) {
  KeyCounts out = key_counts_in_order(keys);
  std::sort(out.begin(), out.end());
  return out;
}

Result<UnitIndex> index_unit(const TranslationUnit& unit) {
  TMKIT_ASSIGN_OR_RETURN(const std::string source, normalize_for_match(unit.source));
  TMKIT_ASSIGN_OR_RETURN(const std::string target, normalize_for_match(unit.target));
  IndexScratch scratch;
  return index_normalized_unit(unit, source, target, scratch);
}

UnitIndex index_normalized_unit(const TranslationUnit& unit, std::string_view source,
                                std::string_view target, IndexScratch& scratch) {
  scratch.tokenizer.tokens(source, scratch.tokens);
  token_keys(scratch.tokens, scratch.src);
  scratch.tokenizer.tokens(target, scratch.tokens);
  token_keys(scratch.tokens, scratch.tgt);
  const TokenKeys& src = scratch.src;
  const TokenKeys& tgt = scratch.tgt;
  UnitIndex index;
  index.signature = signature(unit, src);
  index.src_length = saturate(src.folded.size());
  index.tgt_length = saturate(tgt.folded.size());
  // In no particular order: the postings are sorted with the whole run's.
  index.src_keys = key_counts_in_order(src.folded);
  index.tgt_keys = key_counts_in_order(tgt.folded);
  return index;
}

Status decode_signature(std::string_view bytes, Signature& out) {
  const auto bad = [] { return Status::storage("tm: corrupt match signature"); };
  std::size_t pos = 0;
  for (std::string_view* lang : {&out.src_language, &out.tgt_language}) {
    if (pos >= bytes.size()) return bad();
    const std::size_t size = static_cast<std::uint8_t>(bytes[pos++]);
    if (size > bytes.size() - pos) return bad();
    *lang = bytes.substr(pos, size);
    pos += size;
  }
  if (bytes.size() - pos < 12) return bad();
  const std::size_t n = get_little(bytes.data() + pos, 4);
  out.folded_hash = get_little(bytes.data() + pos + 4, 8);
  pos += 12;
  if ((bytes.size() - pos) != n * 4) return bad();
  out.raw.resize(n);
  // The map's bytes are not aligned for u32; copy them (the layout is little-endian, as x86).
  for (std::size_t i = 0; i < n; ++i) {
    out.raw[i] = static_cast<std::uint32_t>(get_little(bytes.data() + pos + 4 * i, 4));
  }
  return {};
}

Status write_unit_index(const TmStore& store, WriteTxn& txn, std::uint64_t id,
                        const UnitIndex& index) {
  PostingBuffer buffer;
  buffer.add(id, index);
  TMKIT_RETURN_IF_ERROR(txn.put(store.sig, unit_key(id), index.signature));
  return buffer.flush(store, txn);
}

Status erase_unit_index(const TmStore& store, WriteTxn& txn, std::uint64_t id,
                        const UnitIndex& index, PostingBuffer* erased) {
  TMKIT_RETURN_IF_ERROR(txn.del(store.sig, unit_key(id)).status());
  if (erased != nullptr) {
    erased->add(id, index);
    return {};
  }
  PostingBuffer postings;
  postings.add(id, index);
  return postings.erase_from(store, txn);
}

void PostingBuffer::add(std::uint64_t id, const UnitIndex& index) {
  for (const auto& [key, count] : index.src_keys) {
    src_.emplace_back(key, pack_posting({index.src_length, id, saturate_count(count)}));
  }
  for (const auto& [key, count] : index.tgt_keys) {
    tgt_.emplace_back(key, pack_posting({index.tgt_length, id, saturate_count(count)}));
  }
}

void PostingBuffer::drop(std::uint64_t id) { dropped_.push_back(id); }

namespace {

std::size_t length_digit(const PostingEntry& e) { return e.second >> 48; }
std::size_t low_key_digit(const PostingEntry& e) { return e.first & 0xFFFFu; }
std::size_t high_key_digit(const PostingEntry& e) { return e.first >> 16; }

constexpr std::size_t kDigits = std::size_t{1} << 16;

// One stable counting pass of `from` into `to`, `counts` of each digit turned into its start.
template <typename Digit>
void scatter(const Entries& from, Entries& to, std::size_t* counts, Digit digit) {
  std::size_t sum = 0;
  for (std::size_t d = 0; d < kDigits; ++d) sum += std::exchange(counts[d], sum);
  for (const PostingEntry& e : from) to[counts[digit(e)]++] = e;
}

// Sorts entries by key, then posting, with `buffer` as room for the passes. They come unit by
// unit in increasing ids, so a stable sort by key, then length, leaves each key's postings of
// one length in id order, which is the posting order: three stable counting passes (length,
// low and high half of the key), their counts taken in one reading, instead of a comparison
// sort, which was the largest part of an import's writing thread. (An in-place sort that needs
// no buffer took four times as long.)
void sort_entries(Entries& entries, Entries& buffer) {
  std::vector<std::size_t> counts(3 * kDigits, 0);
  for (const PostingEntry& e : entries) {
    ++counts[length_digit(e)];
    ++counts[kDigits + low_key_digit(e)];
    ++counts[2 * kDigits + high_key_digit(e)];
  }
  buffer.resize(entries.size());
  scatter(entries, buffer, counts.data(), length_digit);
  scatter(buffer, entries, counts.data() + kDigits, low_key_digit);
  scatter(entries, buffer, counts.data() + 2 * kDigits, high_key_digit);
  entries.swap(buffer);
  // Units added out of id order would need the comparison sort (none do): linear to check.
  if (!std::is_sorted(entries.begin(), entries.end())) std::sort(entries.begin(), entries.end());
}

}  // namespace

void PostingBuffer::sort() {
  // One side after the other, through one buffer: a run's sides are tens of megabytes each.
  Entries buffer;
  sort_entries(src_, buffer);
  sort_entries(tgt_, buffer);
}

Status PostingBuffer::flush(const TmStore& store, WriteTxn& txn) {
  return apply(store, [&](Dbi dbi, std::uint32_t key, std::span<const std::uint64_t> postings) {
    return insert_postings(txn, dbi, key, postings);
  });
}

Status PostingBuffer::erase_from(const TmStore& store, WriteTxn& txn) {
  return apply(store, [&](Dbi dbi, std::uint32_t key, std::span<const std::uint64_t> postings) {
    return erase_postings(txn, dbi, key, postings).status();
  });
}

Status PostingBuffer::apply(
    const TmStore& store,
    const std::function<Status(Dbi, std::uint32_t, std::span<const std::uint64_t>)>& write) {
  std::sort(dropped_.begin(), dropped_.end());
  sort();
  TMKIT_RETURN_IF_ERROR(for_each_key(store.src_grams, src_, dropped_, write));
  TMKIT_RETURN_IF_ERROR(for_each_key(store.tgt_grams, tgt_, dropped_, write));
  src_.clear();
  tgt_.clear();
  dropped_.clear();
  return {};
}

void PostingBuffer::append(PostingBuffer&& other) {
  // A large batch that finds the buffer empty (and smaller than itself) is taken whole: its
  // millions of postings are not copied.
  if (src_.empty() && tgt_.empty() && src_.capacity() <= other.src_.size() &&
      tgt_.capacity() <= other.tgt_.size()) {
    src_ = std::move(other.src_);
    tgt_ = std::move(other.tgt_);
  } else {
    src_.insert(src_.end(), other.src_.begin(), other.src_.end());
    tgt_.insert(tgt_.end(), other.tgt_.begin(), other.tgt_.end());
  }
  other = {};
}

void PostingBuffer::reserve(std::size_t src, std::size_t tgt) {
  src_.reserve(src_.size() + src);
  tgt_.reserve(tgt_.size() + tgt);
}

Status PostingBuffer::write_run(const RunFiles& files) {
  sort();
  TMKIT_RETURN_IF_ERROR(detail::write_run(files.src, src_));
  TMKIT_RETURN_IF_ERROR(detail::write_run(files.tgt, tgt_));
  src_.clear();
  tgt_.clear();
  dropped_.clear();
  return {};
}

}  // namespace tmkit::detail
