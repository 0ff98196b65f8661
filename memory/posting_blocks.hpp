// How one side's postings (src_blocks, tgt_blocks) are stored: in blocks of up to
// kBlockPostings, so that writing an index costs one LMDB entry per block instead of one
// duplicate per posting (which made merging an import's postings most of its time).
// Private to memory/.
//
// Per token key K (4 bytes, big-endian, encode_gram_key):
//   K                     -> u64 big-endian: how many postings K has (its document frequency)
//   K + first posting P   -> 1..kBlockPostings postings (8 bytes each, encode_posting), sorted
// A block's postings sort at or after its P and before the next block's P: P is a lower
// bound, not always the block's first posting (removing that one leaves the key as it is).
// The 4-byte entry sorts before K's blocks (a shorter key sorts first in LMDB's default order),
// so the count is read first and the blocks follow in posting order: by text length, then id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lmdb_env.hpp"

namespace tmkit::detail {

// A full block fills one 4 KiB overflow page (16 bytes of page header, 8 bytes per posting)
// of its own, leaving the leaf pages only keys and page numbers; a small block (a rare key's)
// stays in its leaf page. Blocks of half a page (252 postings, two to a leaf page) left pages
// half empty once inserts grew them: a leaf page of two cannot take a larger one, and splits.
inline constexpr std::size_t kBlockPostings = 510;

// The number of postings of `key` (0 when it has none).
Result<std::uint64_t> posting_count(const Txn& txn, Dbi dbi, std::uint32_t key);

// One key's postings, a block at a time, from the block where `from` (a packed posting)
// belongs: the first block may hold postings that sort before `from`.
class PostingBlocks {
 public:
  static Result<PostingBlocks> open(const Txn& txn, Dbi dbi, std::uint32_t key, std::uint64_t from);
  // The next block's postings (8 bytes each), or nullopt after the key's last block. The view
  // lasts until the transaction changes the database.
  Result<std::optional<std::string_view>> next();

 private:
  PostingBlocks(Cursor cursor, std::uint32_t key, std::optional<KeyValue> first)
      : cursor_(std::move(cursor)), key_(key), first_(first) {}
  Cursor cursor_;
  std::uint32_t key_;
  std::optional<KeyValue> first_;  // not returned yet
  bool started_ = false;
};

// Adds `postings` (packed, ascending, distinct) to `key`'s; those present already are left as
// they are, so that writing the same postings twice is harmless. With `append`, `key` sorts
// after every key of the database (a new key, as every key of an import into a new TM) and is
// written with MDB_APPEND.
Status insert_postings(WriteTxn& txn, Dbi dbi, std::uint32_t key,
                       std::span<const std::uint64_t> postings, bool append = false);

// Removes `postings` (packed, ascending, distinct) from `key`'s, each block once; returns how
// many were there.
Result<std::uint64_t> erase_postings(WriteTxn& txn, Dbi dbi, std::uint32_t key,
                                     std::span<const std::uint64_t> postings);

// Whether `key` has `posting`.
Result<bool> has_posting(const Txn& txn, Dbi dbi, std::uint32_t key, std::uint64_t posting);

// The token key of the database's last entry (nullopt when it is empty).
Result<std::optional<std::uint32_t>> last_posting_key(const Txn& txn, Dbi dbi);

// The parts of an entry's key: the token key, and for a block the posting in its key.
struct BlockKey {
  std::uint32_t key = 0;
  std::optional<std::uint64_t> lower;  // nullopt for the count entry
};
// nullopt when `bytes` is neither 4 nor 12 bytes long.
std::optional<BlockKey> parse_block_key(std::string_view bytes);

}  // namespace tmkit::detail
