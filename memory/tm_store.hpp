// The TM's storage layer: which LMDB databases hold what, and the operations add(), lookup(),
// for_each_unit() and stats() are built from. Private to memory/.
//
// Databases:
//   meta    "schema_version" -> u32 big-endian (TranslationMemory::kSchemaVersion)
//   units   8-byte big-endian id -> record (record_codec.hpp); ids start at 1 and increase
//   dedupe  (DUPSORT|DUPFIXED) 8-byte FNV-1a hash of the dedupe key -> unit ids (8-byte keys)
// The dedupe key is "src_lang\0tgt_lang\0source\0target" with both texts passed through
// normalize_for_match. Hashes can collide, so a hit is confirmed against the stored unit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lmdb_env.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::detail {

struct TmStore {
  std::filesystem::path dir;
  Env env;
  Dbi meta;
  Dbi units;
  Dbi dedupe;
};

// Opens or creates the store in `dir` (see TranslationMemory::open for the errors).
Result<TmStore> open_store(const std::filesystem::path& dir, const TmOptions& options);

// The schema version recorded in meta.
Result<std::uint32_t> read_schema_version(const TmStore& store, const Txn& txn);

// Calls `visit` with every unit's id and raw record, in id order, inside `txn`. The record
// view is valid only during the call. Stops at the first failed Status and returns it.
Status scan_units(const TmStore& store, const Txn& txn,
                  const std::function<Status(std::uint64_t, std::string_view)>& visit);

// True when the unit's languages match the filter (empty tags match everything).
bool matches_languages(const TranslationUnit& unit, const LangTag& src_lang,
                       const LangTag& tgt_lang);

// A unit that passed validation, with its dedupe key.
struct PreparedUnit {
  const TranslationUnit* unit;
  std::string dedupe_key;
};

// Validates every unit before anything is written: kInvalidInput naming the unit's index.
Result<std::vector<PreparedUnit>> prepare_batch(const std::vector<TranslationUnit>& units);

// Stores the units of `batch` not already present (in the store or earlier in the batch).
// `report` is reset first, so the caller may run this again after a map-full retry.
Status write_batch(const TmStore& store, WriteTxn& txn, const std::vector<PreparedUnit>& batch,
                   AddReport& report);

}  // namespace tmkit::detail

namespace tmkit {

// Defined here so that every source of TranslationMemory can reach the store.
struct TranslationMemory::Impl {
  detail::TmStore store;
};

}  // namespace tmkit
