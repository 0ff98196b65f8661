// The translation memory: translation units stored in an LMDB environment.
//
// Caveats (as in lmdb.h, which this wraps):
// - Open one TranslationMemory per directory per process; LMDB forbids opening an environment
//   twice in one process. Other processes may read while one writes.
// - A TranslationMemory may be used from one thread at a time.
// - Do not put a TM on a network file system.
// - add() is all or nothing: on any error its transaction is aborted and the memory is left
//   exactly as it was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit {

struct TmOptions {
  bool read_only = false;
  // Create the directory and an empty TM when `path` does not exist (ignored when read_only).
  bool create_if_missing = true;
  // First size of the LMDB map; it grows by doubling whenever a write fills it.
  std::size_t initial_map_size = std::size_t{64} << 20;
};

struct AddReport {
  std::size_t added = 0;       // new units stored
  std::size_t duplicates = 0;  // units already present (same languages, source and target)
};

struct LanguagePairCount {
  LangTag src_lang;
  LangTag tgt_lang;
  std::size_t units = 0;
};

struct TmStats {
  std::uint32_t schema_version = 0;
  std::size_t units = 0;
  std::vector<LanguagePairCount> pairs;  // sorted by src_lang, then tgt_lang
  std::uint64_t file_bytes = 0;          // size of the data file on disk
};

struct LookupOptions {
  double min_score = 70.0;  // smallest match percentage returned, 0-100
  std::size_t max_results = 5;
  LangTag src_lang;  // only units with this source language; empty = any
  LangTag tgt_lang;  // only units with this target language; empty = any
};

struct Match {
  std::uint64_t id = 0;
  double score = 0.0;  // 100 = exact; see fuzzy_match.hpp for the definition
  TranslationUnit unit;
};

class TranslationMemory {
 public:
  static constexpr std::uint32_t kSchemaVersion = 1;

  // Opens (or creates) the TM in directory `path`. A missing directory is created (with its
  // parents) only when options.create_if_missing and not read_only. Fails with kIo if `path`
  // does not exist and may not be created, or cannot be created; kStorage if `path` is a file,
  // a directory without a TM (and no TM may be created), not a tmkit TM (e.g. a garbage
  // data.mdb), or LMDB fails; kUnsupported for a schema version other than kSchemaVersion.
  // Stale reader slots of dead processes are cleared on open.
  static Result<TranslationMemory> open(const std::filesystem::path& path,
                                        const TmOptions& options = {});

  TranslationMemory(TranslationMemory&&) noexcept;
  TranslationMemory& operator=(TranslationMemory&&) noexcept;
  ~TranslationMemory();

  // Stores `units` in one write transaction, skipping those already present (same language
  // tags and NFC/white-space-normalised source and target; case counts), whether stored
  // before or earlier in `units`. New units get increasing ids in the order given; units are
  // stored as given, not normalised. All or nothing. Every unit is checked before anything is
  // written: kInvalidInput (naming the unit's index) for an empty language tag, a source that
  // is empty after normalisation, or text that is not valid UTF-8. kStorage on a read-only TM
  // or an LMDB failure. A full map is doubled and the batch retried, which fails with kStorage
  // if a read transaction of this TM is open at that moment (e.g. add() called from inside a
  // for_each_unit callback).
  Result<AddReport> add(const std::vector<TranslationUnit>& units);

  // Calls `visit` for every unit in id (insertion) order within one read snapshot. Units whose
  // languages do not match non-empty `src_lang`/`tgt_lang` (same_language) are skipped.
  // Stops and returns visit's Status when it is not OK; kStorage if a record is corrupt.
  // The unit passed to `visit` is valid only during the call.
  Status for_each_unit(
      const LangTag& src_lang, const LangTag& tgt_lang,
      const std::function<Status(std::uint64_t id, const TranslationUnit&)>& visit) const;

  // Exact and fuzzy matches of UTF-8 `text` against unit sources, best first, newer (higher)
  // id first among equal scores; at most options.max_results, each scoring at least
  // options.min_score. A source equal to `text` after NFC and white-space normalisation scores
  // 100; every other source gets fuzzy_score() of the normalised texts, capped at 99 so that
  // 100 always means exact. Scans every unit (linear in the TM's size). Fails with
  // kInvalidInput for invalid UTF-8 or a min_score outside 0-100, kStorage on LMDB failures.
  Result<std::vector<Match>> lookup(std::string_view text, const LookupOptions& options) const;

  // Counts units per language pair by a scan of one read snapshot; file_bytes is the size of
  // data.mdb, which includes the map's free space. kStorage/kIo on failure.
  Result<TmStats> stats() const;

 private:
  struct Impl;
  explicit TranslationMemory(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmkit
