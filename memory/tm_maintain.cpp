// conflicts(), remove(), reindex() and compact(): the TM's maintenance operations.
#include <algorithm>
#include <map>
#include <system_error>

#include "record_codec.hpp"
#include "tm_deferred.hpp"
#include "tm_index.hpp"
#include "tm_store.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit {
namespace {

using detail::Cursor;
using detail::KeyValue;
using detail::TmStore;
using detail::Txn;
using detail::WriteTxn;

bool matches(const RemoveFilter& filter, const TranslationUnit& unit) {
  if (filter.document && unit.provenance.document != *filter.document) return false;
  if (filter.created_before && !(unit.created < *filter.created_before)) return false;
  if (filter.created_after && !(unit.created > *filter.created_after)) return false;
  return true;
}

// The units of one hash of the sources index (their 8-byte keys), split by their exact source
// key (a hash can collide), each split with two or more units a group.
Result<std::vector<VariantGroup>> groups_of(const TmStore& store, const Txn& txn,
                                            const std::vector<std::string>& ids,
                                            const LangTag& src_lang, const LangTag& tgt_lang) {
  std::map<std::string, VariantGroup> by_source;
  for (const std::string& unit_key : ids) {
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t id, detail::parse_unit_key(unit_key));
    TMKIT_ASSIGN_OR_RETURN(const auto record, txn.get(store.units, unit_key));
    if (!record) return Status::storage("tm: sources entry points to a missing unit");
    Match match;
    match.id = id;
    match.score = 100.0;
    TMKIT_ASSIGN_OR_RETURN(match.unit, detail::decode_unit(*record));
    TMKIT_ASSIGN_OR_RETURN(match.use_count, detail::use_count(store, txn, id));
    if (detail::matches_languages(match.unit, src_lang, tgt_lang)) {
      TMKIT_ASSIGN_OR_RETURN(const std::string key, detail::source_key_of(match.unit));
      by_source[key].variants.push_back(std::move(match));
    }
  }
  std::vector<VariantGroup> out;
  for (auto& [key, group] : by_source) {
    if (group.variants.size() < 2) continue;
    std::sort(group.variants.begin(), group.variants.end(),
              [](const Match& a, const Match& b) { return a.id > b.id; });
    out.push_back(std::move(group));
  }
  return out;
}

// Empties the index databases and marks the TM as needing a reindex (schema 1). Index version 2
// kept postings as duplicates in src_grams and tgt_grams, which blocks replaced: they go.
Status start_reindex(const TmStore& store, WriteTxn& txn) {
  TMKIT_RETURN_IF_ERROR(detail::put_schema_version(store, txn, 1));
  TMKIT_RETURN_IF_ERROR(detail::clear_deferred_state(store, txn));
  for (detail::Dbi dbi : {store.dedupe, store.sources, store.dedupe_recent, store.sources_recent,
                          store.sig, store.src_grams, store.tgt_grams})
    TMKIT_RETURN_IF_ERROR(txn.clear(dbi));
  for (const char* legacy : {"src_grams", "tgt_grams"})
    TMKIT_RETURN_IF_ERROR(txn.drop_database(legacy).status());
  return {};
}

// Indexes the units with ids in [from, ...), at most `batch` of them; returns the next id.
Result<std::uint64_t> reindex_batch(const TmStore& store, WriteTxn& txn, std::uint64_t from,
                                    std::size_t batch) {
  detail::PostingBuffer postings;
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, store.units));
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry,
                         cursor.move(MDB_SET_RANGE, detail::unit_key(from)));
  std::uint64_t next = from;
  for (std::size_t done = 0; entry && done < batch; ++done) {
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t id, detail::parse_unit_key(entry->key));
    TMKIT_ASSIGN_OR_RETURN(const TranslationUnit unit, detail::decode_unit(entry->value));
    TMKIT_ASSIGN_OR_RETURN(const detail::UnitIndex index, detail::index_unit(unit));
    TMKIT_ASSIGN_OR_RETURN(const std::string dedupe, detail::dedupe_key_of(unit));
    TMKIT_ASSIGN_OR_RETURN(const std::string source, detail::source_key_of(unit));
    const std::string key = detail::unit_key(id);
    TMKIT_RETURN_IF_ERROR(txn.put(store.dedupe, detail::hash_key(dedupe), key));
    TMKIT_RETURN_IF_ERROR(txn.put(store.sources, detail::hash_key(source), key));
    TMKIT_RETURN_IF_ERROR(txn.put(store.sig, key, index.signature));
    postings.add(id, index);
    next = id + 1;
    TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT));
  }
  TMKIT_RETURN_IF_ERROR(postings.flush(store, txn));
  if (!entry) return std::uint64_t{0};  // done
  return next;
}

}  // namespace

Result<std::vector<VariantGroup>> TranslationMemory::conflicts(const LangTag& src_lang,
                                                               const LangTag& tgt_lang) const {
  const TmStore& store = impl_->store;
  TMKIT_ASSIGN_OR_RETURN(const detail::ReadTxn txn, store.env.begin_read());
  TMKIT_ASSIGN_OR_RETURN(detail::HashIndexScan scan,
                         detail::HashIndexScan::open(txn, detail::sources_index(store)));
  std::vector<VariantGroup> out;
  std::string hash;
  std::vector<std::string> ids;  // of `hash`
  const auto flush = [&]() -> Status {
    if (ids.size() < 2) return {};
    TMKIT_ASSIGN_OR_RETURN(std::vector<VariantGroup> groups,
                           groups_of(store, txn, ids, src_lang, tgt_lang));
    for (VariantGroup& group : groups) out.push_back(std::move(group));
    return {};
  };
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, scan.next());
  while (entry) {
    if (entry->key != hash) {
      TMKIT_RETURN_IF_ERROR(flush());
      hash = std::string(entry->key);
      ids.clear();
    }
    ids.emplace_back(entry->value);
    TMKIT_ASSIGN_OR_RETURN(entry, scan.next());
  }
  TMKIT_RETURN_IF_ERROR(flush());
  std::sort(out.begin(), out.end(), [](const VariantGroup& a, const VariantGroup& b) {
    return a.variants.front().id > b.variants.front().id;
  });
  return out;
}

Result<std::size_t> TranslationMemory::remove(const RemoveFilter& filter) {
  if (!filter.document && !filter.created_before && !filter.created_after) {
    return Status::invalid_input("tm: remove: give a document or a date");
  }
  if (impl_->store.env.read_only()) return Status::storage("tm: remove: opened read-only");
  TmStore& store = impl_->store;
  std::size_t removed = 0;
  const Status status = store.env.write([&](WriteTxn& txn) -> Status {
    removed = 0;
    std::vector<std::pair<std::uint64_t, TranslationUnit>> doomed;
    TMKIT_RETURN_IF_ERROR(
        detail::scan_units(store, txn, [&](std::uint64_t id, TranslationUnit&& unit) -> Status {
          if (matches(filter, unit)) doomed.emplace_back(id, std::move(unit));
          return {};
        }));
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t next_id, detail::next_unit_id(store, txn));
    detail::PostingBuffer erased;
    for (const auto& [id, unit] : doomed)
      TMKIT_RETURN_IF_ERROR(detail::erase_unit(store, txn, id, unit, &erased));
    TMKIT_RETURN_IF_ERROR(erased.erase_from(store, txn));
    removed = doomed.size();
    return detail::put_next_unit_id(store, txn, next_id);  // ids of removed units stay used
  });
  if (!status.ok()) return status;
  return removed;
}

Status TranslationMemory::reindex(std::size_t batch) {
  TmStore& store = impl_->store;
  if (store.env.read_only()) return Status::storage("tm: reindex: opened read-only");
  batch = std::max<std::size_t>(batch, 1);
  TMKIT_RETURN_IF_ERROR(finish_index());
  TMKIT_RETURN_IF_ERROR(store.env.write([&](WriteTxn& txn) { return start_reindex(store, txn); }));
  for (std::uint64_t from = 1; from != 0;) {
    std::uint64_t next = 0;
    const Status status = store.env.write([&](WriteTxn& txn) -> Status {
      TMKIT_ASSIGN_OR_RETURN(next, reindex_batch(store, txn, from, batch));
      return {};
    });
    if (!status.ok()) return status;
    from = next;
  }
  return store.env.write([&](WriteTxn& txn) {
    TMKIT_RETURN_IF_ERROR(detail::put_index_version(store, txn));
    return detail::put_schema_version(store, txn, kSchemaVersion);
  });
}

Status TranslationMemory::compact(const std::filesystem::path& path) {
  const std::filesystem::path temp = path / "compact.tmp";
  std::error_code error;
  std::filesystem::remove_all(temp, error);
  std::filesystem::create_directory(temp, error);
  if (error)
    return Status::io("tm: compact: cannot create " + temp.string() + ": " + error.message());
  {
    TmOptions options;
    options.read_only = true;
    options.create_if_missing = false;
    TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open(path, options));
    const Status copied = tm.impl_->store.env.copy_compact(temp);
    if (!copied.ok()) {
      std::filesystem::remove_all(temp, error);
      return copied.with_context("tm: compact");
    }
  }
  std::filesystem::rename(temp / "data.mdb", path / "data.mdb", error);
  if (error) return Status::io("tm: compact: cannot replace data.mdb: " + error.message());
  std::filesystem::remove_all(temp, error);
  return {};
}

}  // namespace tmkit
