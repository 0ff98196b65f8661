// The TM's storage layer: which LMDB databases hold what, and the operations add(), lookup(),
// for_each_unit() and stats() are built from. Private to memory/.
//
// Databases (schema 3; schema 2 had no dedupe_recent and sources_recent, schema 1 only meta,
// units and dedupe):
//   meta      "schema_version" -> u32 big-endian (TranslationMemory::kSchemaVersion),
//             "index_version" -> u32 big-endian (kIndexVersion), "next_id" -> 8-byte id
//   units     8-byte big-endian id -> record (record_codec.hpp); ids start at 1 and increase
//   dedupe    (DUPSORT|DUPFIXED) 8-byte FNV-1a hash of the dedupe key -> unit ids (8-byte keys)
//   sources   (DUPSORT|DUPFIXED) 8-byte FNV-1a hash of the source key -> unit ids: the
//             variants of one source
//   dedupe_recent, sources_recent  the same entries, of the units added since the last fold
//             (fold_recent): every entry is in exactly one of dedupe and dedupe_recent (and of
//             sources and sources_recent). A new unit's entries go to a random leaf of each tree:
//             kept in small trees, a transaction copies few leaves; a fold moves them in key
//             order, which copies each leaf of dedupe and sources once per fold, not once per
//             transaction.
//   usage     unit id -> u32 big-endian use count; no entry means 1
//   sig       unit id -> the source's match signature (tm_index.hpp)
//   src_blocks  u32 token key -> postings of the sources, in blocks (tm_index.hpp,
//               posting_blocks.hpp); TmStore::src_grams
//   tgt_blocks  the same of the targets; TmStore::tgt_grams
// The dedupe key is "src_lang\0tgt_lang\0source\0target", the source key
// "src_lang\0tgt_lang\0source", with the texts passed through normalize_for_match. Hashes
// can collide, so a hit is confirmed against the stored unit.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hash_sets.hpp"
#include "lmdb_env.hpp"
#include "tmkit/memory/translation_memory.hpp"
#include "tokenize.hpp"

namespace tmkit::detail {

struct DeferredIndex;  // tm_deferred.hpp
class PostingBuffer;   // tm_index.hpp

// The candidates of one lookup: per unit id a bit (is it a candidate?) and a shared-token
// count, kept between lookups (a query resets only what it set), and a dense table of the
// candidates, so that the passes over every candidate read memory in order. Most postings a
// lookup reads belong to candidates or to units the bit rules out from cache (1,000,000
// units: 125 KiB of bits, 2 MiB of counts); no units are read.
struct LookupCandidate {
  std::uint64_t id;
  std::uint16_t length;  // the candidate's token count
  bool verified;
};
struct LookupScratch {
  std::vector<std::uint64_t> is_candidate;
  std::vector<std::uint16_t> hits;  // token occurrences shared with the query, bounded above
  std::vector<LookupCandidate> candidates;
};

struct TmStore {
  std::filesystem::path dir;
  Env env;
  Dbi meta;
  Dbi units;
  Dbi dedupe;
  Dbi sources;
  Dbi dedupe_recent;  // exists = false in a schema 2 TM opened read-only
  Dbi sources_recent;
  Dbi usage;
  Dbi sig;
  Dbi src_grams;
  Dbi tgt_grams;
};

// The version of the tokeniser the index (postings, signatures) was built with, kept in meta
// "index_version" (u32 big-endian) beside the schema version: 1 (no entry) = the hand-written
// tokeniser before ICU word breaks, 2 = ICU word breaks (tokenize.hpp), 3 = the same tokens with
// postings in blocks (src_blocks, tgt_blocks: posting_blocks.hpp) instead of one duplicate per
// posting in src_grams and tgt_grams. A TM with an older index is refused with a message naming
// `tmkit reindex`, which rebuilds it and writes this.
inline constexpr std::uint32_t kIndexVersion = 3;

// Schema 2 added the fuzzy-match index. Schema 3 only added dedupe_recent and sources_recent:
// a schema 2 TM is read as one whose recent trees are empty, and opened read-write, it gets them
// and becomes schema 3.
inline constexpr std::uint32_t kFirstIndexedSchema = 2;

// 4-byte big-endian.
std::string encode_u32_be(std::uint32_t v);

// Opens or creates the store in `dir` (see TranslationMemory::open for the errors).
Result<TmStore> open_store(const std::filesystem::path& dir, const TmOptions& options);

// The schema version recorded in meta.
Result<std::uint32_t> read_schema_version(const TmStore& store, const Txn& txn);

// Calls `visit` with every unit's id and decoded unit, in id order, inside `txn` (the
// language tags through one TagCache for the whole scan). Stops at the first failed Status,
// a corrupt record's included, and returns it.
Status scan_units(const TmStore& store, const Txn& txn,
                  const std::function<Status(std::uint64_t, TranslationUnit&&)>& visit);
// The same for the units with an id in [from, until).
Status scan_unit_range(const TmStore& store, const Txn& txn, std::uint64_t from,
                       std::uint64_t until,
                       const std::function<Status(std::uint64_t, TranslationUnit&&)>& visit);

// True when the unit's languages match the filter (empty tags match everything).
bool matches_languages(const TranslationUnit& unit, const LangTag& src_lang,
                       const LangTag& tgt_lang);

// Everything add() writes to the index for one unit (tm_index.hpp).
struct UnitIndex {
  std::string signature;
  std::uint16_t src_length = 0;
  std::uint16_t tgt_length = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> src_keys;  // key, count
  std::vector<std::pair<std::uint32_t, std::uint32_t>> tgt_keys;
};

// A unit that passed validation, with its keys, record and index entries: all that can be
// computed before the write transaction, in parallel (prepare_batch).
struct PreparedUnit {
  // The unit, or nullptr when `record` alone holds it (PreparedUnits lets the units go: the
  // rare unit whose hash is found in the TM is decoded again).
  const TranslationUnit* unit;
  // hash_key of the dedupe and source keys; a hit is confirmed by the keys, computed then.
  std::string dedupe_hash;
  std::string source_hash;
  std::string record;  // encode_unit
  UnitIndex index;
  // Why the unit cannot be stored (TranslationMemory::prepare keeps it for add() to report);
  // ok for a prepared unit.
  Status problem;
};

// Buffers for indexing units one after another (one thread's): a unit's tokens and keys were
// four of the dozen blocks its preparation allocated.
struct IndexScratch {
  Tokenizer tokenizer;  // its ICU iterator, for the texts that need it, made once
  std::vector<Token> tokens;
  TokenKeys src;
  TokenKeys tgt;
};
// The same for whole units, and their normalised texts.
struct PrepareScratch {
  std::string source;
  std::string target;
  IndexScratch index;
};

// Validates every unit before anything is written: kInvalidInput naming the unit's index
// (the first bad one). Large batches are prepared by two threads.
Result<std::vector<PreparedUnit>> prepare_batch(const std::vector<TranslationUnit>& units);
// Prepares `unit` alone: kInvalidInput for a unit that cannot be stored (an empty language tag
// or source, text that is not UTF-8, a field beyond 4 GiB).
Result<PreparedUnit> prepare_unit(const TranslationUnit& unit, PrepareScratch& scratch);
Result<PreparedUnit> prepare_unit(const TranslationUnit& unit);

// The source hashes stored through one TranslationMemory object. While that object alone has
// written to a TM whose source trees were empty when it first wrote (an import creating a TM),
// a source hash the filter never saw is in neither tree, and add() does not look it up: those
// lookups were 2 s of the writing thread's 11 s in an import of 1,000,000 units. Another
// process's units change the next id, which ends that for good.
struct StoredSources {
  enum class Coverage { kUnknown, kWhole, kPartial };
  Coverage coverage = Coverage::kUnknown;
  GrowingBloomFilter filter;  // while kWhole: the hash of every unit stored
  std::uint64_t next_id = 0;  // while kWhole: the TM's next id after the last commit

  // The transaction of a write_batch that reported `batch` committed: the TM's next id follows
  // the last id it gave, if any.
  void committed(const AddReport& batch) {
    if (!batch.stored_ids.empty()) next_id = batch.stored_ids.back().second;
  }
};

// Hash lookups (write_batch, hashes_present) or units removed (remove_units) between two
// releases of the map's resident pages: each reads random leaves of the hash trees, and the
// kernel maps the pages around each (fault-around, 64 KiB).
inline constexpr std::size_t kUnitsPerRelease = 128;

// Stores the units of `batch` not already present (in the store or earlier in the batch),
// applying `options.on_conflict` to new targets of stored sources, and indexes them.
// `report` is reset first, so the caller may run this again after a map-full retry.
// With `deferred`, the postings go there instead of into the index (a deferred index).
// The caller calls sources.committed(report) once the transaction commits.
Status write_batch(const TmStore& store, WriteTxn& txn, std::span<const PreparedUnit> batch,
                   const AddOptions& options, AddReport& report, PostingBuffer* deferred,
                   StoredSources& sources);

// The most units of `at_most` that one transaction may add while LMDB holds at most about
// `page_budget` dirty pages: each new unit touches one random leaf of dedupe and one of
// sources, so in a large TM a transaction of n units copies about L(1 - e^(-n/L)) leaves of each
// (L leaves), besides the pages its units and signatures append. LMDB keeps a transaction's
// dirty pages on the heap, and keeps that memory for the next transactions.
Result<std::size_t> units_within_page_budget(const TmStore& store, const Txn& txn,
                                             std::size_t at_most, std::size_t page_budget);

// How one attempt to write units [begin, end) in a transaction ended.
enum class PartWrite { kCommitted, kTooBig };
// Writes units [0, count) by calling `write(begin, end)` on consecutive parts of at most
// `part_limit` units. A part too big for one transaction (kTooBig: nothing of it was
// committed) is written as two halves, each the same way, in order, and `part_limit` drops to
// the half, so that later batches start at a size that fits. Fails with the first other
// error, saying which units were committed before it; kStorage when one unit is too big.
Status write_in_parts(std::size_t count, std::size_t& part_limit,
                      const std::function<Result<PartWrite>(std::size_t, std::size_t)>& write);

// A hash index kept as two trees (dedupe and dedupe_recent, or sources and sources_recent): the
// ids under one hash, or every entry of both in (hash, id) order.
struct HashIndex {
  Dbi main;
  Dbi recent;
};
HashIndex dedupe_index(const TmStore& store);
HashIndex sources_index(const TmStore& store);

class HashIndexScan {
 public:
  static Result<HashIndexScan> open(const Txn& txn, HashIndex index);
  // The next entry in (key, value) order, nullopt after the last; an entry stored in both trees
  // (which would be a damaged index) comes twice.
  Result<std::optional<KeyValue>> next();

 private:
  HashIndexScan(Cursor main, std::optional<Cursor> recent)
      : main_(std::move(main)), recent_(std::move(recent)) {}
  Cursor main_;
  std::optional<Cursor> recent_;
  // Each tree's next entry.
  std::optional<KeyValue> main_at_;
  std::optional<KeyValue> recent_at_;
};

// The ids stored under `hash` in either tree.
Result<std::vector<std::string>> ids_under(const Txn& txn, HashIndex index, std::string_view hash);
// For each of `hashes`, whether either tree holds an entry under it. The hashes are looked up
// in sorted order with one cursor per tree: mdb_cursor_set looks on the cursor's current leaf
// first, so most lookups of a large batch need no search from the root, and the leaves are
// read in order. `release` is called every `release_every` lookups (the map's pages the
// lookups mapped leave the resident set; see write_batch).
Result<std::vector<bool>> hashes_present(const Txn& txn, HashIndex index,
                                         std::span<const std::string_view> hashes,
                                         std::size_t release_every,
                                         const std::function<Status()>& release);
// Removes the entry (hash, id) from whichever tree holds it.
Status erase_id(WriteTxn& txn, HashIndex index, std::string_view hash, std::string_view id);

// Moves the entries of dedupe_recent and sources_recent into dedupe and sources once they hold
// `threshold` entries or more, in transactions that each copy about `page_budget` pages.
Status fold_recent(TmStore& store, std::size_t threshold, std::size_t page_budget);

// The dedupe and source keys of a stored unit.
Result<std::string> dedupe_key_of(const TranslationUnit& unit);
Result<std::string> source_key_of(const TranslationUnit& unit);
// The 8-byte key a dedupe or source key is stored under.
std::string hash_key(std::string_view text);

// Removes unit `id` (decoded as `unit`) with all its index entries; with `erased`, its postings
// are left for erased->erase_from() to remove with those of other units (tm_index.hpp), which
// this calls too once `erased` holds millions.
Status erase_unit(const TmStore& store, WriteTxn& txn, std::uint64_t id,
                  const TranslationUnit& unit, PostingBuffer* erased = nullptr);

// The use count of unit `id` (1 when none is stored).
Result<std::uint32_t> use_count(const TmStore& store, const Txn& txn, std::uint64_t id);

// The id the next new unit gets: meta's "next_id", else one past the largest id in use. Ids
// of removed units are never given again, so a higher id is always a newer unit.
Result<std::uint64_t> next_unit_id(const TmStore& store, const Txn& txn);
Status put_next_unit_id(const TmStore& store, WriteTxn& txn, std::uint64_t id);

// The largest unit id in use, 0 for an empty TM.
Result<std::uint64_t> last_unit_id(const TmStore& store, const Txn& txn);

// How many source keys hold two or more units (cheap: counts duplicates, reads no unit).
Result<std::size_t> count_variant_sources(const TmStore& store, const Txn& txn);

// The databases of the units and their index (all but meta), with their names.
std::array<std::pair<const char*, Dbi>, 9> data_databases(const TmStore& store);

// Bytes of B-tree pages (branch, leaf, overflow) per named database.
Result<std::vector<std::pair<std::string, std::uint64_t>>> database_bytes(const TmStore& store,
                                                                          const Txn& txn);

// Writes `version` into meta.
Status put_schema_version(const TmStore& store, WriteTxn& txn, std::uint32_t version);
// Writes kIndexVersion into meta; reads it back (1 when absent).
Status put_index_version(const TmStore& store, WriteTxn& txn);
Result<std::uint32_t> read_index_version(const TmStore& store, const Txn& txn);

}  // namespace tmkit::detail

namespace tmkit {

// Defined here so that every source of TranslationMemory can reach the store.
struct TranslationMemory::Impl {
  detail::TmStore store;
  // Per-id counters reused by lookups (one thread at a time, as the TM itself).
  std::unique_ptr<detail::LookupScratch> scratch;
  // The most units add() writes in one transaction: lowered when LMDB could not hold a batch
  // (MDB_TXN_FULL), so that the next batches do not fail first (write_in_parts).
  std::size_t units_per_transaction = SIZE_MAX;
  // While an import defers the index (begin_deferred_index), where add() puts the postings.
  std::unique_ptr<detail::DeferredIndex> deferred;
  std::size_t merge_postings_per_transaction = TmOptions().merge_postings_per_transaction;
  std::size_t index_run_postings = TmOptions().index_run_postings;
  detail::StoredSources stored_sources;
};

}  // namespace tmkit
