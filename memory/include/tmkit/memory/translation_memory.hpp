// The translation memory: translation units stored in an LMDB environment.
//
// Caveats (as in lmdb.h, which this wraps):
// - Open one TranslationMemory per directory per process; LMDB forbids opening an environment
//   twice in one process. Other processes may read while one writes.
// - A TranslationMemory may be used from one thread at a time.
// - Do not put a TM on a network file system.
// - add() is all or nothing: on any error its transaction is aborted and the memory is left
//   exactly as it was. One add() is one LMDB transaction, which holds at most about 128k
//   dirty pages (512 MiB): add very large imports in batches of some ten thousand units.
// - lookup() uses a candidate index kept in the TM (docs/matching.md). It reads only the
//   index entries of the query's tokens and the signatures of the candidates; the only memory
//   it keeps grows with the largest unit id (3 bytes per id), not with the units' text.
// - Schema 1 TMs (before the index), and TMs whose index an older tmkit built (another
//   tokeniser, or postings not in blocks), are refused with a message naming `tmkit reindex`;
//   reindex() upgrades them in place.
// - compact() replaces the data file; no other process may have the TM open meanwhile.
// - A TM in a directory the user may not write (nor its lock.mdb) can still be opened with
//   TmOptions::read_only: LMDB's lock file is then not used (MDB_NOLOCK), so no process may
//   write to that TM meanwhile, since nothing tells a writer which pages the reader still
//   uses. Opening such a TM for writing fails with kStorage naming the directory
//   ("Permission denied").
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/memory/fuzzy_match.hpp"
#include "tmkit/status.hpp"
#include "tmkit/text.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit {

struct TmOptions {
  bool read_only = false;
  // Create the directory and an empty TM when `path` does not exist (ignored when read_only).
  bool create_if_missing = true;
  // First size of the LMDB map; it grows by doubling whenever a write fills it.
  std::size_t initial_map_size = std::size_t{64} << 20;
  // Postings per transaction of finish_index()'s merge: its memory is about 8 bytes each, twice
  // (a frequent word's postings span several transactions).
  std::size_t merge_postings_per_transaction = std::size_t{1} << 21;
  // Postings per sorted run of a deferred index (defer_index): 16 bytes each, and a run is in
  // memory twice, being written while the next one fills.
  std::size_t index_run_postings = std::size_t{1} << 20;
  // Open a TM of an older schema, or whose index an older tmkit built, anyway (read-write
  // only), so that reindex() can upgrade it. Every other operation on such a TM is unreliable
  // until reindex() has run.
  bool allow_old_schema = false;
};

// What add() does with a unit whose source (same languages, same normalised source) is
// stored already with a different target.
enum class ConflictPolicy {
  kKeepBoth,        // store it as one more variant of the source (the default)
  kPreferNewer,     // keep only the newest by `created` (the incoming one on a tie)
  kPreferExisting,  // keep what is stored; skip the incoming unit
};

struct AddOptions {
  ConflictPolicy on_conflict = ConflictPolicy::kKeepBoth;
};

struct AddReport {
  std::size_t added = 0;       // new units stored (variants included)
  std::size_t duplicates = 0;  // units already present (same languages, source and target);
                               // each raises the stored unit's use count by one
  std::size_t variants = 0;    // of `added`: new targets of a source stored already
  std::size_t replaced = 0;    // stored variants removed by kPreferNewer
  std::size_t skipped = 0;     // incoming units not stored because of the conflict policy
  // The ids given to the units stored, as ranges [first, end), one per transaction; a range
  // also holds the ids of units replaced later in the same add() (kPreferNewer).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> stored_ids;

  // Adds the counts of another batch (an import or add() writing in several transactions).
  AddReport& operator+=(const AddReport& other) {
    added += other.added;
    duplicates += other.duplicates;
    variants += other.variants;
    replaced += other.replaced;
    skipped += other.skipped;
    stored_ids.insert(stored_ids.end(), other.stored_ids.begin(), other.stored_ids.end());
    return *this;
  }
};

struct LanguagePairCount {
  LangTag src_lang;
  LangTag tgt_lang;
  std::size_t units = 0;
};

struct TmStats {
  std::uint32_t schema_version = 0;
  std::size_t units = 0;
  std::vector<LanguagePairCount> pairs;   // sorted by src_lang, then tgt_lang
  std::uint64_t file_bytes = 0;           // size of the data file on disk
  std::size_t sources_with_variants = 0;  // sources stored with two or more targets
  std::uint64_t used_bytes = 0;           // pages in use (file_bytes less free pages and map slack)
  // Bytes of B-tree pages per database, from mdb_stat, by name. For the DUPSORT databases
  // (dedupe, sources and their recent trees) only the main tree is counted: LMDB keeps no
  // count of their duplicate sub-trees; used_bytes covers everything.
  std::vector<std::pair<std::string, std::uint64_t>> database_bytes;
};

struct LookupOptions {
  double min_score = 70.0;  // smallest match percentage returned, 0-100
  std::size_t max_results = 5;
  LangTag src_lang;  // only units with this source language; empty = any
  LangTag tgt_lang;  // only units with this target language; empty = any
  ScoreOptions score;
  // Score every unit instead of using the index: linear in the TM's size. For tests and
  // benchmarks that check the index against the definition.
  bool exhaustive = false;
  // When the TM holds the query's source exactly (score 100), return only such matches and
  // skip the fuzzy search: what pre-translation and "insert the 100% match" need, answered
  // from the rarest token's postings. Without an exact match the search goes on as usual.
  bool stop_at_exact = false;
};

struct Match {
  std::uint64_t id = 0;
  double score = 0.0;  // 100 = exact; see fuzzy_match.hpp for the definition
  TranslationUnit unit;
  std::uint32_t use_count = 1;
  MatchExplanation explanation;
  // For a numbers-only match: the target with the query's numbers put in; else empty (also
  // when the numbers could not be placed, in which case the score is the edit-distance one).
  std::string adapted_target;
};

// Where a concordance hit lies: UTF-8 byte spans into the unit's source or target.
struct ConcordanceHit {
  std::uint64_t id = 0;
  TranslationUnit unit;
  Span hit;  // in unit.source for side kSource, unit.target for kTarget
};

enum class Side { kSource, kTarget };

struct ConcordanceOptions {
  Side side = Side::kSource;
  std::size_t limit = 20;  // at most this many hits
  std::size_t offset = 0;  // skip the first `offset` hits (paging), newest first
  LangTag src_lang;        // only units with these languages; empty = any
  LangTag tgt_lang;
};

// A source stored with two or more targets.
struct VariantGroup {
  std::vector<Match> variants;  // newest first; score 100, use_count set
};

// Which units remove() deletes: those matching every filter given (at least one).
struct RemoveFilter {
  std::optional<std::string> document;         // provenance.document equal to this
  std::optional<std::int64_t> created_before;  // created < this (seconds since the epoch)
  std::optional<std::int64_t> created_after;   // created > this
};

// What check() found. The TM is consistent when `problems` is empty.
struct CheckReport {
  std::uint32_t schema_version = 0;
  std::size_t units = 0;
  std::size_t index_entries = 0;  // entries of dedupe, sources, usage, sig and the grams
  std::size_t problem_count = 0;  // all problems found, even those not listed
  // Units whose postings wait for the merge of an import that is running or was interrupted
  // (TranslationMemory::defer_index); their postings are not checked. Not a problem.
  std::size_t unindexed_units = 0;
  std::vector<std::string> problems;  // the first max_problems, one line each, naming the unit
  bool clean() const { return problem_count == 0; }
};

namespace detail {
struct PreparedUnit;
}

// Units made ready for TranslationMemory::add(): checked, normalised, tokenised and encoded,
// which is most of add()'s work and needs nothing from the TM, so that a caller may prepare
// the next units in other threads while add() writes. Holds the units themselves. Move-only.
class PreparedUnits {
 public:
  PreparedUnits();
  PreparedUnits(PreparedUnits&&) noexcept;
  PreparedUnits& operator=(PreparedUnits&&) noexcept;
  ~PreparedUnits();

  std::size_t size() const;
  bool empty() const { return size() == 0; }
  // Makes room for `count` units in all, so that appending up to that many does not reallocate
  // (a batch is built from pieces).
  void reserve(std::size_t count);
  // Moves the units of `later` after these.
  void append(PreparedUnits&& later);
  // Removes the first `count` units (at most size()) and returns them.
  PreparedUnits take_front(std::size_t count);

 private:
  friend class TranslationMemory;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class TranslationMemory {
 public:
  static constexpr std::uint32_t kSchemaVersion = 3;

  // Opens (or creates) the TM in directory `path`. A missing directory is created (with its
  // parents) only when options.create_if_missing and not read_only. Fails with kIo if `path`
  // does not exist and may not be created, or cannot be created; kStorage if `path` is a file,
  // a directory without a TM (and no TM may be created), not a tmkit TM (e.g. a garbage
  // data.mdb), or LMDB fails; kUnsupported for a schema version newer than kSchemaVersion.
  // A schema 1 TM fails with kUnsupported naming `tmkit reindex`, unless
  // options.allow_old_schema. A schema 2 TM opened read-write becomes schema 3 (two databases
  // are added, empty). Stale reader slots of dead processes are cleared on open.
  static Result<TranslationMemory> open(const std::filesystem::path& path,
                                        const TmOptions& options = {});

  TranslationMemory(TranslationMemory&&) noexcept;
  TranslationMemory& operator=(TranslationMemory&&) noexcept;
  ~TranslationMemory();

  // Stores `units` in one write transaction, skipping those already present (same language
  // tags and NFC/white-space-normalised source and target; case counts), whether stored
  // before or earlier in `units`. New units get increasing ids in the order given; units are
  // stored as given, not normalised. All or nothing, except that a batch needing more pages
  // than one LMDB transaction can hold (MDB_TXN_FULL, which large batches meet as the TM
  // grows) is written as two halves in turn, each split again if needed; a failure then names
  // the units already committed. Every unit is checked before anything is written: kInvalidInput
  // (naming the unit's index) for an empty language tag, a source that is empty after
  // normalisation, or text that is not valid UTF-8. kStorage on a read-only TM or an LMDB failure.
  // A full map is doubled and the batch retried, which fails with kStorage if a read transaction of
  // this TM is open at that moment (e.g. add() called from inside a for_each_unit callback). A unit
  // whose normalised source is stored with another target is a variant, handled by
  // options.on_conflict. Each unit is indexed for lookup() and concordance() in the same
  // transaction. Once 262,144 units were added since the last fold, add() first moves their
  // duplicate and variant index entries into the large trees, in transactions of their own.
  Result<AddReport> add(const std::vector<TranslationUnit>& units, const AddOptions& options = {});
  // add() for units prepared already, which does the same. A unit that cannot be stored fails
  // here as it would there, naming its index in `units`.
  Result<AddReport> add(const PreparedUnits& units, const AddOptions& options = {});
  // Prepares `units` for add(), in the calling thread; any number of threads may prepare at
  // once. Never fails: a unit that cannot be stored keeps its reason until add().
  static PreparedUnits prepare(std::vector<TranslationUnit> units);

  // Defers the fuzzy index of the units add() stores from now on until finish_index(), as an
  // import of many units does: their postings are written to sorted run files in the TM's
  // directory and merged into the index once, in key order, instead of each add() rewriting
  // index pages across the whole index (memory/tm_deferred.hpp). Meanwhile, and if the process
  // ends before finish_index(), lookup() and concordance() find those units by scanning them,
  // with the same answers, more slowly; the next defer_index() on the TM, in any process,
  // first finishes the index that an ended process left. Does nothing while another process
  // defers (this one then indexes in place) or when this one defers already. kStorage on a
  // read-only TM or when the run directory cannot be written.
  // While deferring, add() also commits in parts of at most units_per_transaction() units,
  // and commits do not wait for their meta page to reach the disk (one fsync instead of two: a
  // system crash may undo the last commits, which running the import again redoes; a killed
  // process loses nothing committed).
  Status defer_index();
  // Merges the deferred postings into the index, in transactions of a bounded size; nothing
  // when no index is deferred. On failure the TM is left as if the process had ended. Then
  // flushes every commit to the disk.
  Status finish_index();

  // How many of `at_most` new units one transaction may hold in this TM so that LMDB's copies
  // of the pages it changes stay near 40 MB (LMDB keeps that heap for later transactions). Each
  // new unit changes a random page of each of two hash indexes; those pages are in small trees
  // that add() folds into the large ones every 262,144 units, so the limit seldom applies.
  Result<std::size_t> units_per_transaction(std::size_t at_most) const;

  // Whether the TM holds no unit.
  Result<bool> empty() const;

  // Unmaps the TM's pages from this process (madvise MADV_DONTNEED on LMDB's read-only map):
  // they stay in the OS page cache and are mapped again when next read. A long import calls
  // this between batches so that its resident memory stays bounded instead of growing with
  // the TM. Nothing stored changes; kStorage if the map cannot be found.
  Status release_resident_pages() const;

  // Calls `visit` for every unit in id (insertion) order within one read snapshot. Units whose
  // languages do not match non-empty `src_lang`/`tgt_lang` (same_language) are skipped.
  // Stops and returns visit's Status when it is not OK; kStorage if a record is corrupt.
  // The unit passed to `visit` is valid only during the call.
  Status for_each_unit(
      const LangTag& src_lang, const LangTag& tgt_lang,
      const std::function<Status(std::uint64_t id, const TranslationUnit&)>& visit) const;

  // Exact and fuzzy matches of UTF-8 `text` against unit sources, best first, newer (higher)
  // id first among equal scores; at most options.max_results, each scoring at least
  // options.min_score, by explain_match() (docs/matching.md). Uses the candidate index:
  // returns the same scores as options.exhaustive (which scans every unit), unless two
  // different tokens share a 32-bit hash. Fails with kInvalidInput for invalid UTF-8 or a
  // min_score outside 0-100, kStorage on LMDB failures.
  Result<std::vector<Match>> lookup(std::string_view text, const LookupOptions& options) const;

  // Units whose source (or target) contains the words or characters of UTF-8 `text` in a row,
  // compared case- and width-insensitively token by token (so a CJK substring matches, and a
  // word matches only whole), newest first, paged by options.limit/offset. Also returns the
  // total number of hits. kInvalidInput for invalid UTF-8 or a text with no tokens.
  Result<std::vector<ConcordanceHit>> concordance(std::string_view text,
                                                  const ConcordanceOptions& options,
                                                  std::size_t* total = nullptr) const;

  // The sources stored with more than one target, with all their variants, in order of the
  // newest variant's id, newest first.
  Result<std::vector<VariantGroup>> conflicts(const LangTag& src_lang = {},
                                              const LangTag& tgt_lang = {}) const;

  // Deletes the units that match `filter`, with their index entries, in one transaction.
  // Returns how many. kInvalidInput for a filter without any condition.
  Result<std::size_t> remove(const RemoveFilter& filter);

  // Deletes the units with these ids, with their index entries, in one transaction; ids not
  // stored are skipped. Returns how many were deleted. kStorage on a read-only TM or LMDB
  // failure. (memory/tm_review.cpp, for `tmkit apply-review`.)
  Result<std::size_t> remove_units(const std::vector<std::uint64_t>& ids);

  // Removes the units that add() stored with the ids in `ranges` (AddReport::stored_ids), as an
  // import that turns out bad does. When the TM holds no other unit, its databases are emptied
  // in one transaction (a million units: under a second), and a deferred index forgets their
  // postings; otherwise the units are removed one by one, in transactions of a bounded size.
  Status remove_added(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges);

  // for_each_unit() over every language pair, also passing each unit's use count (how many
  // times add() met it: 1 + the duplicates). (memory/tm_review.cpp, for `tmkit stats`.)
  Status for_each_unit_with_use_count(
      const std::function<Status(std::uint64_t id, const TranslationUnit&,
                                 std::uint32_t use_count)>& visit) const;

  // Rebuilds the candidate index, the variant index and the use counts' keys from the units,
  // and writes the current schema version. Runs in transactions of `batch` units; until the
  // last commits, the TM reads as schema 1 (refused with a message naming reindex), so an
  // interrupted reindex is never mistaken for a complete index.
  // A deferred index of this process is finished first.
  Status reindex(std::size_t batch = 20000);

  // Rewrites the TM in `path` without free pages (mdb_env_copy2 with MDB_CP_COMPACT into a
  // temporary directory, then a rename over data.mdb). The TM must not be open anywhere,
  // this process included. kIo/kStorage on failure; the original is kept on failure.
  static Status compact(const std::filesystem::path& path);

  // Verifies the TM in one read snapshot: the schema version is kSchemaVersion; every unit's
  // key and record decode; every unit has its dedupe, sources and sig entries and all its
  // postings; every index entry points to a stored unit (and the dedupe/sources entries hash
  // its key); no two units share a dedupe key; next_id lies above every id. Reads every unit
  // and index entry once and tokenises every unit: linear in the TM's size. Problems go into
  // the report (at most `max_problems` listed, all counted); kStorage only when LMDB fails.
  Result<CheckReport> check(std::size_t max_problems = 20) const;

  // Counts units per language pair by a scan of one read snapshot; file_bytes is the size of
  // data.mdb, which includes the map's free space. kStorage/kIo on failure.
  Result<TmStats> stats() const;

 private:
  struct Impl;
  explicit TranslationMemory(std::unique_ptr<Impl> impl);
  Result<AddReport> add_prepared(std::span<const detail::PreparedUnit> batch,
                                 const AddOptions& options);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmkit
