// remove_units() and for_each_unit_with_use_count(): what `tmkit apply-review` (deleting the
// units of a pair no longer accepted) and `tmkit stats --report` (duplicates) need from the TM.
#include "record_codec.hpp"
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
    for (const std::uint64_t id : ids) {
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
