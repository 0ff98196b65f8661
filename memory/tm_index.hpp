// The candidate index behind lookup() and concordance(): what is stored per unit, and how.
// Private to memory/. The algorithm that reads it is described in docs/matching.md.
//
// src_blocks / tgt_blocks (posting_blocks.hpp): per key, the 4-byte big-endian hash32 of a
// folded token (tokenize.hpp: case and width folded, every number the one key kNumberKey), one
// 8-byte posting per unit and distinct key, stored in blocks:
//   u16 token count of the text (saturated at 65535), u40 unit id, u8 occurrences of the key
// all big-endian, so that a key's postings sort by text length, then id: a lookup reads only
// the blocks of the length band that can reach its minimum score.
//
// sig: unit id -> the source's signature, what verifying a candidate needs without decoding
// the unit or tokenising its text:
//   u8 length + primary source language, u8 length + primary target language,
//   u32 token count n, u64 sequence_hash of the folded keys, n x u32 raw token hashes
// (integers little-endian).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tm_store.hpp"
#include "tokenize.hpp"

namespace tmkit::detail {

// Ids above this do not fit a posting; add() refuses them.
inline constexpr std::uint64_t kMaxIndexedId = (std::uint64_t{1} << 40) - 1;
inline constexpr std::size_t kMaxPostingLength = 0xFFFF;

struct Posting {
  std::uint16_t length;
  std::uint64_t id;
  std::uint8_t count;
};
// The posting as a number that sorts as its bytes do.
std::uint64_t pack_posting(const Posting& posting);
std::string encode_posting(const Posting& posting);
// The packed posting of encode_posting's 8 bytes (big-endian; also a block's count).
inline std::uint64_t read_packed_posting(const char* bytes) {
  std::uint64_t v = 0;
  std::memcpy(&v, bytes, 8);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}
// 8 bytes; inline because a lookup decodes millions of postings.
inline Posting decode_posting(const char* bytes) {
  const std::uint64_t v = read_packed_posting(bytes);
  return Posting{static_cast<std::uint16_t>(v >> 48), (v >> 8) & kMaxIndexedId,
                 static_cast<std::uint8_t>(v & 0xFFu)};
}
std::string encode_gram_key(std::uint32_t key);
// The key of encode_gram_key's bytes (4 bytes; others give 0).
std::uint32_t decode_gram_key(std::string_view bytes);

// The distinct folded keys of a token sequence with their occurrence counts.
using KeyCounts = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
// In the order of each key's first occurrence (a hash table: sorting a unit's keys was a
// quarter of preparing it for the TM).
KeyCounts key_counts_in_order(const std::vector<std::uint32_t>& keys);
// Sorted by key.
KeyCounts key_counts(const std::vector<std::uint32_t>& keys);

// Fails with kInvalidInput for invalid UTF-8.
Result<UnitIndex> index_unit(const TranslationUnit& unit);
// The same for a unit whose source and target normalize_for_match gave already.
UnitIndex index_normalized_unit(const TranslationUnit& unit, std::string_view source,
                                std::string_view target, IndexScratch& scratch);

struct Signature {
  std::string_view src_language;
  std::string_view tgt_language;
  std::uint64_t folded_hash = 0;
  std::vector<std::uint32_t> raw;
};
// Decodes into `out` (reusing its buffer); kStorage when the bytes are not a signature.
Status decode_signature(std::string_view bytes, Signature& out);

// Writes or erases the index entries of unit `id`. With `erased`, the postings to erase are
// added to it instead (PostingBuffer::erase_from erases a batch's, each block once).
Status write_unit_index(const TmStore& store, WriteTxn& txn, std::uint64_t id,
                        const UnitIndex& index);
Status erase_unit_index(const TmStore& store, WriteTxn& txn, std::uint64_t id,
                        const UnitIndex& index, PostingBuffer* erased = nullptr);

// Where a batch's postings go when the index is deferred: two run files (posting_runs.hpp).
struct RunFiles {
  std::filesystem::path src;
  std::filesystem::path tgt;
};

// A batch's postings, written in key order once the batch is complete (sorted writes touch
// each B-tree page once instead of once per unit).
class PostingBuffer {
 public:
  void add(std::uint64_t id, const UnitIndex& index);
  void drop(std::uint64_t id);  // a unit removed later in the same batch
  Status flush(const TmStore& store, WriteTxn& txn);
  // Erases the buffered postings from the index instead (of units being removed).
  Status erase_from(const TmStore& store, WriteTxn& txn);
  // Into run files instead, for a deferred index. Dropped units are written too: the merge
  // leaves out every unit that is no longer stored.
  Status write_run(const RunFiles& files);
  // Moves `other`'s postings (of units with higher ids) after these.
  void append(PostingBuffer&& other);
  // Makes room for this many more postings of each side, so that the vectors do not grow by
  // doubling (up to twice the memory they use).
  void reserve(std::size_t src, std::size_t tgt);
  std::size_t size() const { return src_.size() + tgt_.size(); }

 private:
  void sort();
  // Sorts, calls `write` with each key's postings (those of dropped units left out), and
  // empties the buffer.
  Status apply(
      const TmStore& store,
      const std::function<Status(Dbi, std::uint32_t, std::span<const std::uint64_t>)>& write);
  std::vector<std::pair<std::uint32_t, std::uint64_t>> src_;  // key, packed posting, in the
  std::vector<std::pair<std::uint32_t, std::uint64_t>> tgt_;  // order added (ids increasing)
  std::vector<std::uint64_t> dropped_;
};

}  // namespace tmkit::detail
