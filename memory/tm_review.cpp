// remove_units() and for_each_unit_with_use_count(): what `tmkit apply-review` (deleting the
// units of a pair no longer accepted) and `tmkit stats --report` (duplicates) need from the TM.
#include <algorithm>

#include "record_codec.hpp"
#include "tm_deferred.hpp"
#include "tm_index.hpp"
#include "tm_store.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit {

Result<std::size_t> TranslationMemory::remove_units(const std::vector<std::uint64_t>& ids) {
  if (impl_->store.env.read_only()) return Status::storage("tm: remove_units: opened read-only");
  detail::TmStore& store = impl_->store;
  std::size_t removed = 0;
  const Status status = store.env.write([&](detail::WriteTxn& txn) -> Status {
    removed = 0;  // the write may be retried after the map grew
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t next_id, detail::next_unit_id(store, txn));
    detail::PostingBuffer erased;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::uint64_t id = ids[i];
      // Each unit reads random leaves of the hash trees, which the kernel maps with the pages
      // around them: unmapped as it goes, they leave the resident set.
      if ((i + 1) % detail::kUnitsPerRelease == 0)
        TMKIT_RETURN_IF_ERROR(store.env.release_resident_pages());
      TMKIT_ASSIGN_OR_RETURN(const auto record, txn.get(store.units, detail::unit_key(id)));
      if (!record) continue;  // removed already: removing is idempotent
      TMKIT_ASSIGN_OR_RETURN(const TranslationUnit unit, detail::decode_unit(*record));
      TMKIT_RETURN_IF_ERROR(detail::erase_unit(store, txn, id, unit, &erased));
      ++removed;
    }
    TMKIT_RETURN_IF_ERROR(erased.erase_from(store, txn));
    return detail::put_next_unit_id(store, txn, next_id);  // ids of removed units stay used
  });
  if (!status.ok()) return status;
  return removed;
}

namespace {

// Whether every unit of the TM has an id in `ranges` (sorted by the caller).
Result<bool> holds_only(const detail::TmStore& store, const detail::Txn& txn,
                        const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges) {
  TMKIT_ASSIGN_OR_RETURN(detail::Cursor cursor, detail::Cursor::open(txn, store.units));
  // The first stored id at or after each gap's start must be past the gap.
  std::uint64_t gap_start = 1;
  for (const auto& [first, end] : ranges) {
    if (first > gap_start) {
      TMKIT_ASSIGN_OR_RETURN(const auto at,
                             cursor.move(MDB_SET_RANGE, detail::unit_key(gap_start)));
      if (!at) return true;
      TMKIT_ASSIGN_OR_RETURN(const std::uint64_t id, detail::parse_unit_key(at->key));
      if (id < first) return false;
    }
    gap_start = std::max(gap_start, end);
  }
  TMKIT_ASSIGN_OR_RETURN(const auto after, cursor.move(MDB_SET_RANGE, detail::unit_key(gap_start)));
  return !after.has_value();
}

}  // namespace

Status TranslationMemory::remove_added(
    const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges) {
  if (impl_->store.env.read_only()) return Status::storage("tm: remove_added: opened read-only");
  detail::TmStore& store = impl_->store;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> sorted = ranges;
  std::sort(sorted.begin(), sorted.end());
  bool emptied = false;
  const Status written = store.env.write([&](detail::WriteTxn& txn) -> Status {
    TMKIT_ASSIGN_OR_RETURN(emptied, holds_only(store, txn, sorted));
    if (!emptied) return {};
    // The meta entries stay: the next id (ids of removed units stay used), and a deferral's.
    for (const auto& [name, dbi] : detail::data_databases(store)) {
      TMKIT_RETURN_IF_ERROR(txn.clear(dbi));
    }
    return {};
  });
  TMKIT_RETURN_IF_ERROR(written);
  if (emptied) {
    if (impl_->deferred) TMKIT_RETURN_IF_ERROR(impl_->deferred->discard());
    return store.env.release_resident_pages();
  }
  // Another process stored units meanwhile: only these go, a bounded number per transaction.
  constexpr std::size_t kIdsPerTransaction = 2000;
  std::vector<std::uint64_t> ids;
  const auto remove_ids = [&]() -> Status {
    TMKIT_RETURN_IF_ERROR(remove_units(ids).status());
    ids.clear();
    return store.env.release_resident_pages();
  };
  for (const auto& [first, end] : sorted) {
    for (std::uint64_t id = first; id < end; ++id) {
      ids.push_back(id);
      if (ids.size() == kIdsPerTransaction) TMKIT_RETURN_IF_ERROR(remove_ids());
    }
  }
  return ids.empty() ? Status() : remove_ids();
}

Status TranslationMemory::for_each_unit_with_use_count(
    const std::function<Status(std::uint64_t id, const TranslationUnit&, std::uint32_t use_count)>&
        visit) const {
  TMKIT_ASSIGN_OR_RETURN(const detail::ReadTxn txn, impl_->store.env.begin_read());
  return detail::scan_units(impl_->store, txn, [&](std::uint64_t id, TranslationUnit&& unit) {
    TMKIT_ASSIGN_OR_RETURN(const std::uint32_t uses, detail::use_count(impl_->store, txn, id));
    return visit(id, unit, uses);
  });
}

}  // namespace tmkit
