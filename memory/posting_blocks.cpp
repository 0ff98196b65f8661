#include "posting_blocks.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <iterator>
#include <vector>

#include "record_codec.hpp"
#include "tm_index.hpp"

namespace tmkit::detail {
namespace {

constexpr std::size_t kPostingBytes = 8;

// Postings and counts are 8 bytes big-endian, unit_key's layout.
std::string eight_bytes(std::uint64_t v) { return unit_key(v); }

std::string count_key(std::uint32_t key) { return encode_gram_key(key); }

std::string block_key(std::uint32_t key, std::uint64_t lower) {
  return encode_gram_key(key) + eight_bytes(lower);
}

bool is_block_of(std::string_view bytes, std::uint32_t key) {
  const std::optional<BlockKey> parsed = parse_block_key(bytes);
  return parsed && parsed->key == key && parsed->lower;
}

Status corrupt(std::uint32_t key, const std::string& what) {
  return Status::storage("tm: corrupt posting index: key " + std::to_string(key) + " " + what);
}

std::vector<std::uint64_t> decode_block(std::string_view bytes) {
  std::vector<std::uint64_t> out(bytes.size() / kPostingBytes);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = read_packed_posting(bytes.data() + i * kPostingBytes);
  }
  return out;
}

std::string encode_block(std::span<const std::uint64_t> postings) {
  // A merge encodes every posting of an import: eight bytes at a time, not one.
  std::string out(postings.size() * kPostingBytes, '\0');
  for (std::size_t i = 0; i < postings.size(); ++i) {
    std::uint64_t v = postings[i];
    if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
    std::memcpy(out.data() + i * kPostingBytes, &v, kPostingBytes);
  }
  return out;
}

// Positions `cursor` on the block of `key` where `posting` belongs: the last whose lower bound
// is at or before it, else (it sorts before them all) the key's first block. nullopt when the
// key has no block.
Result<std::optional<KeyValue>> seek_block(Cursor& cursor, std::uint32_t key,
                                           std::uint64_t posting) {
  const std::string target = block_key(key, posting);
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_SET_RANGE, target));
  if (entry && entry->key == target) return entry;
  TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> before,
                         cursor.move(entry ? MDB_PREV : MDB_LAST));
  if (before && is_block_of(before->key, key)) return before;
  TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_SET_RANGE, target));
  if (entry && is_block_of(entry->key, key)) return entry;
  return std::optional<KeyValue>();
}

Status put_count(WriteTxn& txn, Dbi dbi, std::uint32_t key, std::uint64_t count,
                 unsigned int flags = 0) {
  if (count == 0) return txn.del(dbi, count_key(key)).status();
  return txn.put(dbi, count_key(key), eight_bytes(count), flags);
}

// Writes `postings` as blocks of `key`, the first under the lower bound `lower`, each of the
// others under its first posting. `fill` packs full blocks (postings that end the key, where
// more are appended later); otherwise the blocks share the postings evenly, leaving room for
// insertions in the middle.
Status put_blocks(WriteTxn& txn, Dbi dbi, std::uint32_t key, std::uint64_t lower,
                  std::span<const std::uint64_t> postings, bool fill, unsigned int flags) {
  const std::size_t blocks = (postings.size() + kBlockPostings - 1) / kBlockPostings;
  const std::size_t per_block = fill ? kBlockPostings : (postings.size() + blocks - 1) / blocks;
  for (std::size_t at = 0; at < postings.size(); at += per_block) {
    const std::span<const std::uint64_t> block =
        postings.subspan(at, std::min(per_block, postings.size() - at));
    TMKIT_RETURN_IF_ERROR(
        txn.put(dbi, block_key(key, at == 0 ? lower : block.front()), encode_block(block), flags));
  }
  return {};
}

// Writes the first kBlockPostings of `merged` as the block under `lower`, and the rest before
// `next`, the postings of the block under `next_lower` after it, which has room for them.
Status spill_into_next(WriteTxn& txn, Dbi dbi, std::uint32_t key, std::uint64_t lower,
                       std::span<const std::uint64_t> merged, std::uint64_t next_lower,
                       const std::vector<std::uint64_t>& next) {
  std::vector<std::uint64_t> moved(merged.begin() + kBlockPostings, merged.end());
  moved.insert(moved.end(), next.begin(), next.end());
  TMKIT_RETURN_IF_ERROR(
      txn.put(dbi, block_key(key, lower), encode_block(merged.first(kBlockPostings))));
  TMKIT_RETURN_IF_ERROR(txn.del(dbi, block_key(key, next_lower)).status());
  return txn.put(dbi, block_key(key, moved.front()), encode_block(moved));
}

// Appends `postings`, which sort after every posting of `key`, to its last block (under
// `lower`, holding `stored`), and the rest in new full blocks: a frequent key continued from
// the last transaction of a merge, without copying its postings (up to a transaction's worth).
Result<std::size_t> append_after(WriteTxn& txn, Dbi dbi, std::uint32_t key, std::uint64_t lower,
                                 const std::vector<std::uint64_t>& stored,
                                 std::span<const std::uint64_t> postings, std::uint64_t& added) {
  const std::size_t room = stored.size() < kBlockPostings ? kBlockPostings - stored.size() : 0;
  const std::size_t into = std::min(room, postings.size());
  if (into > 0) {
    std::vector<std::uint64_t> last = stored;
    last.insert(last.end(), postings.begin(), postings.begin() + static_cast<std::ptrdiff_t>(into));
    TMKIT_RETURN_IF_ERROR(txn.put(dbi, block_key(key, lower), encode_block(last)));
  }
  const std::span<const std::uint64_t> rest = postings.subspan(into);
  if (!rest.empty()) TMKIT_RETURN_IF_ERROR(put_blocks(txn, dbi, key, rest.front(), rest, true, 0));
  added += postings.size();
  return postings.size();
}

// Adds to the block where postings[0] belongs the postings that sort before the next block;
// returns how many of `postings` it took and, in `added`, how many of those were new.
Result<std::size_t> insert_into_block(WriteTxn& txn, Dbi dbi, std::uint32_t key,
                                      std::span<const std::uint64_t> postings,
                                      std::uint64_t& added) {
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, dbi));
  TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> block,
                         seek_block(cursor, key, postings.front()));
  if (!block) return corrupt(key, "has a count but no blocks");
  // Copied: the block's bytes move once the transaction writes.
  const std::uint64_t lower = *parse_block_key(block->key)->lower;
  const std::vector<std::uint64_t> stored = decode_block(block->value);
  TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> after, cursor.move(MDB_NEXT));
  const bool last = !after || !is_block_of(after->key, key);
  const std::uint64_t bound = last ? 0 : *parse_block_key(after->key)->lower;
  const std::size_t taken =
      last ? postings.size()
           : static_cast<std::size_t>(std::lower_bound(postings.begin(), postings.end(), bound) -
                                      postings.begin());
  if (stored.empty()) return corrupt(key, "has an empty block");
  if (last && postings.front() > stored.back()) {
    return append_after(txn, dbi, key, lower, stored, postings, added);
  }
  std::vector<std::uint64_t> merged;
  merged.reserve(stored.size() + taken);
  std::set_union(stored.begin(), stored.end(), postings.begin(),
                 postings.begin() + static_cast<std::ptrdiff_t>(taken), std::back_inserter(merged));
  added += merged.size() - stored.size();
  if (merged.size() == stored.size()) return taken;
  // The next block has room for what overflows: both stay nearly full, where a split would
  // leave two half-empty blocks (and LMDB, two of them to a page, half-empty pages). Decided,
  // and the next block read, before anything is written (which moves its bytes).
  const bool spill =
      !last && merged.size() > kBlockPostings &&
      after->value.size() / kPostingBytes + merged.size() - kBlockPostings <= kBlockPostings;
  const std::vector<std::uint64_t> next =
      spill ? decode_block(after->value) : std::vector<std::uint64_t>();
  const std::uint64_t new_lower = std::min(lower, merged.front());
  if (new_lower != lower) TMKIT_RETURN_IF_ERROR(txn.del(dbi, block_key(key, lower)).status());
  if (spill) {
    TMKIT_RETURN_IF_ERROR(spill_into_next(txn, dbi, key, new_lower, merged, bound, next));
    return taken;
  }
  TMKIT_RETURN_IF_ERROR(put_blocks(txn, dbi, key, new_lower, merged, last, 0));
  return taken;
}

}  // namespace

std::optional<BlockKey> parse_block_key(std::string_view bytes) {
  if (bytes.size() != 4 && bytes.size() != 12) return std::nullopt;
  BlockKey out;
  out.key = decode_gram_key(bytes.substr(0, 4));
  if (bytes.size() == 12) out.lower = read_packed_posting(bytes.data() + 4);
  return out;
}

Result<std::uint64_t> posting_count(const Txn& txn, Dbi dbi, std::uint32_t key) {
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> value, txn.get(dbi, count_key(key)));
  if (!value) return std::uint64_t{0};
  if (value->size() != 8) return corrupt(key, "has a count that is not 8 bytes");
  return read_packed_posting(value->data());
}

Result<PostingBlocks> PostingBlocks::open(const Txn& txn, Dbi dbi, std::uint32_t key,
                                          std::uint64_t from) {
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, dbi));
  TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> first, seek_block(cursor, key, from));
  return PostingBlocks(std::move(cursor), key, first);
}

Result<std::optional<std::string_view>> PostingBlocks::next() {
  if (!started_) {
    started_ = true;
    if (!first_) return std::optional<std::string_view>();
    return std::optional<std::string_view>(first_->value);
  }
  TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> entry, cursor_.move(MDB_NEXT));
  if (!entry || !is_block_of(entry->key, key_)) return std::optional<std::string_view>();
  return std::optional<std::string_view>(entry->value);
}

Status insert_postings(WriteTxn& txn, Dbi dbi, std::uint32_t key,
                       std::span<const std::uint64_t> postings, bool append) {
  if (postings.empty()) return {};
  if (append) {
    TMKIT_RETURN_IF_ERROR(put_count(txn, dbi, key, postings.size(), MDB_APPEND));
    return put_blocks(txn, dbi, key, postings.front(), postings, true, MDB_APPEND);
  }
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t count, posting_count(txn, dbi, key));
  if (count == 0) {
    TMKIT_RETURN_IF_ERROR(put_count(txn, dbi, key, postings.size()));
    return put_blocks(txn, dbi, key, postings.front(), postings, true, 0);
  }
  std::uint64_t added = 0;
  while (!postings.empty()) {
    TMKIT_ASSIGN_OR_RETURN(const std::size_t taken,
                           insert_into_block(txn, dbi, key, postings, added));
    postings = postings.subspan(taken);
  }
  return added == 0 ? Status() : put_count(txn, dbi, key, count + added);
}

Result<std::uint64_t> erase_postings(WriteTxn& txn, Dbi dbi, std::uint32_t key,
                                     std::span<const std::uint64_t> postings) {
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t count, posting_count(txn, dbi, key));
  if (count == 0 || postings.empty()) return std::uint64_t{0};
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, dbi));
  std::uint64_t removed = 0;
  while (!postings.empty()) {
    TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> block,
                           seek_block(cursor, key, postings.front()));
    if (!block) return corrupt(key, "has a count but no blocks");
    // Copied: the block's bytes move once the transaction writes.
    const std::string entry_key(block->key);
    const std::vector<std::uint64_t> stored = decode_block(block->value);
    TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> after, cursor.move(MDB_NEXT));
    // The postings that would be in this block: those before the next block's bound.
    std::size_t here = postings.size();
    if (after && is_block_of(after->key, key)) {
      const std::uint64_t bound = *parse_block_key(after->key)->lower;
      here = static_cast<std::size_t>(std::lower_bound(postings.begin(), postings.end(), bound) -
                                      postings.begin());
    }
    std::vector<std::uint64_t> kept;
    std::set_difference(stored.begin(), stored.end(), postings.begin(),
                        postings.begin() + static_cast<std::ptrdiff_t>(here),
                        std::back_inserter(kept));
    postings = postings.subspan(here);
    if (kept.size() == stored.size()) continue;
    removed += stored.size() - kept.size();
    if (kept.empty()) {
      TMKIT_RETURN_IF_ERROR(txn.del(dbi, entry_key).status());
    } else {
      TMKIT_RETURN_IF_ERROR(txn.put(dbi, entry_key, encode_block(kept)));
    }
  }
  if (removed > count) return corrupt(key, "counts fewer postings than its blocks hold");
  if (removed > 0) TMKIT_RETURN_IF_ERROR(put_count(txn, dbi, key, count - removed));
  return removed;
}

Result<bool> has_posting(const Txn& txn, Dbi dbi, std::uint32_t key, std::uint64_t posting) {
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, dbi));
  TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> block, seek_block(cursor, key, posting));
  if (!block) return false;
  // Searched in place: `tmkit check` asks this for every posting of the TM.
  std::size_t low = 0;
  std::size_t high = block->value.size() / kPostingBytes;
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    const std::uint64_t p = read_packed_posting(block->value.data() + middle * kPostingBytes);
    if (p == posting) return true;
    if (p < posting) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return false;
}

Result<std::optional<std::uint32_t>> last_posting_key(const Txn& txn, Dbi dbi) {
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, dbi));
  TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> entry, cursor.move(MDB_LAST));
  if (!entry) return std::optional<std::uint32_t>();
  const std::optional<BlockKey> parsed = parse_block_key(entry->key);
  if (!parsed) return Status::storage("tm: corrupt posting index: a key of the wrong size");
  return std::optional<std::uint32_t>(parsed->key);
}

}  // namespace tmkit::detail
