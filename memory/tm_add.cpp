// add(): validation, dedupe and writing of a batch of units.
#include <cstdint>

#include "record_codec.hpp"
#include "tm_store.hpp"
#include "tokenize.hpp"

namespace tmkit::detail {
namespace {

// The largest string or list a record can length-prefix (record_codec.hpp: u32 lengths).
constexpr std::size_t kMaxFieldSize = 0xFFFFFFFFu;

// FNV-1a, 64 bit: stable across platforms and releases, which a hash stored on disk must be.
// It is not collision-resistant; write_batch confirms every hit against the stored unit.
std::string hash_key(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325u;
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 0x100000001b3u;
  }
  return unit_key(hash);  // the same 8-byte big-endian layout
}

std::string join_key(const TranslationUnit& unit, const std::string& source,
                     const std::string& target) {
  std::string key = unit.src_lang.str();
  for (const std::string* part : {&unit.tgt_lang.str(), &source, &target}) {
    key.push_back('\0');
    key += *part;
  }
  return key;
}

Result<std::string> dedupe_key(const TranslationUnit& unit) {
  TMKIT_ASSIGN_OR_RETURN(const std::string source, normalize_for_match(unit.source));
  TMKIT_ASSIGN_OR_RETURN(const std::string target, normalize_for_match(unit.target));
  return join_key(unit, source, target);
}

bool fits_record(const TranslationUnit& unit) {
  std::size_t largest = std::max(unit.source.size(), unit.target.size());
  for (const Property& prop : unit.props) {
    largest = std::max({largest, prop.type.size(), prop.value.size()});
  }
  for (const std::string& note : unit.notes) largest = std::max(largest, note.size());
  return largest <= kMaxFieldSize && unit.props.size() <= kMaxFieldSize &&
         unit.notes.size() <= kMaxFieldSize;
}

Result<PreparedUnit> prepare_unit(const TranslationUnit& unit) {
  if (unit.src_lang.empty() || unit.tgt_lang.empty()) {
    return Status::invalid_input("missing source or target language");
  }
  if (!fits_record(unit)) return Status::invalid_input("a field is larger than 4 GiB");
  TMKIT_ASSIGN_OR_RETURN(const std::string source, normalize_for_match(unit.source));
  if (source.empty()) return Status::invalid_input("empty source text");
  TMKIT_ASSIGN_OR_RETURN(const std::string target, normalize_for_match(unit.target));
  return PreparedUnit{&unit, join_key(unit, source, target)};
}

// Whether a unit with this dedupe key is stored (including earlier in this transaction).
Result<bool> is_stored(const TmStore& store, const Txn& txn, const std::string& key) {
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, store.dedupe));
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_SET_KEY, hash_key(key)));
  while (entry) {
    TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> record,
                           txn.get(store.units, entry->value));
    if (!record) return Status::storage("tm: dedupe entry points to a missing unit");
    TMKIT_ASSIGN_OR_RETURN(const TranslationUnit stored, decode_unit(*record));
    TMKIT_ASSIGN_OR_RETURN(const std::string stored_key, dedupe_key(stored));
    if (stored_key == key) return true;
    TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT_DUP));
  }
  return false;
}

Result<std::uint64_t> next_unit_id(const TmStore& store, const Txn& txn) {
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, store.units));
  TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> last, cursor.move(MDB_LAST));
  if (!last) return std::uint64_t{1};
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t id, parse_unit_key(last->key));
  return id + 1;
}

}  // namespace

Result<std::vector<PreparedUnit>> prepare_batch(const std::vector<TranslationUnit>& units) {
  std::vector<PreparedUnit> batch;
  batch.reserve(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    Result<PreparedUnit> prepared = prepare_unit(units[i]);
    if (!prepared.ok()) return prepared.status().with_context("tm: add: unit " + std::to_string(i));
    batch.push_back(std::move(prepared).value());
  }
  return batch;
}

Status write_batch(const TmStore& store, WriteTxn& txn, const std::vector<PreparedUnit>& batch,
                   AddReport& report) {
  report = {};
  TMKIT_ASSIGN_OR_RETURN(std::uint64_t next_id, next_unit_id(store, txn));
  for (const PreparedUnit& prepared : batch) {
    TMKIT_ASSIGN_OR_RETURN(const bool duplicate, is_stored(store, txn, prepared.dedupe_key));
    if (duplicate) {
      ++report.duplicates;
      continue;
    }
    const std::string key = unit_key(next_id++);
    // Ids only grow, so MDB_APPEND is valid and skips the page search.
    TMKIT_RETURN_IF_ERROR(txn.put(store.units, key, encode_unit(*prepared.unit), MDB_APPEND));
    TMKIT_RETURN_IF_ERROR(txn.put(store.dedupe, hash_key(prepared.dedupe_key), key));
    ++report.added;
  }
  return {};
}

}  // namespace tmkit::detail
