#include "tmkit/memory/translation_memory.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <system_error>
#include <utility>

#include "record_codec.hpp"
#include "tm_deferred.hpp"
#include "tm_index.hpp"
#include "tm_store.hpp"

namespace tmkit {

namespace {

// One transaction of add(): kTooBig when LMDB could not hold it (nothing committed), else the
// part is committed and its counts added to `total`.
// With `deferred`, the part's postings become its next run.
Result<detail::PartWrite> write_part(detail::TmStore& store,
                                     std::span<const detail::PreparedUnit> part,
                                     const AddOptions& options, detail::DeferredIndex* deferred,
                                     detail::StoredSources& sources, AddReport& total) {
  AddReport report;
  bool too_big = false;
  detail::PostingBuffer postings;  // of the attempt that commits
  const Status status = store.env.write([&](detail::WriteTxn& txn) {
    if (deferred != nullptr) TMKIT_RETURN_IF_ERROR(detail::record_deferral(store, txn, *deferred));
    const Status written = detail::write_batch(store, txn, part, options, report,
                                               deferred != nullptr ? &postings : nullptr, sources);
    too_big = txn.hit_txn_full();
    return written;
  });
  if (too_big) return detail::PartWrite::kTooBig;
  if (!status.ok()) return status;
  sources.committed(report);
  if (deferred != nullptr) {
    deferred->recorded = true;
    TMKIT_RETURN_IF_ERROR(deferred->take(std::move(postings)));
  }
  total += report;
  return detail::PartWrite::kCommitted;
}

// LMDB's dirty pages per transaction of a deferring add() (units_per_transaction) and of a
// fold of the recent dedupe/sources trees: 40 MiB. LMDB keeps that much heap for the next
// transactions.
constexpr std::size_t kDirtyPageBudget = 10000;
// Entries in dedupe_recent (one per unit added since the last fold) that make add() fold them
// into dedupe (tm_store.hpp). Each transaction copies the recent trees' leaves that its units
// touch (at most about 2 x 2,400 here), and each fold every leaf of dedupe and sources once.
constexpr std::size_t kRecentEntries = std::size_t{1} << 18;

}  // namespace

Result<TranslationMemory> TranslationMemory::open(const std::filesystem::path& path,
                                                  const TmOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(detail::TmStore store, detail::open_store(path, options));
  return TranslationMemory(
      std::make_unique<Impl>(Impl{std::move(store),
                                  nullptr,
                                  SIZE_MAX,
                                  nullptr,
                                  std::max<std::size_t>(options.merge_postings_per_transaction, 1),
                                  std::max<std::size_t>(options.index_run_postings, 1),
                                  {}}));
}

TranslationMemory::TranslationMemory(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TranslationMemory::TranslationMemory(TranslationMemory&&) noexcept = default;
TranslationMemory& TranslationMemory::operator=(TranslationMemory&&) noexcept = default;
TranslationMemory::~TranslationMemory() = default;

// The prepared units, each with why it cannot be stored if so (PreparedUnit::problem). The
// units themselves are let go: each prepared unit's record holds it (PreparedUnit::unit is
// nullptr).
struct PreparedUnits::Impl {
  std::vector<detail::PreparedUnit> prepared;
};

PreparedUnits::PreparedUnits() : impl_(std::make_unique<Impl>()) {}
PreparedUnits::PreparedUnits(PreparedUnits&&) noexcept = default;
PreparedUnits& PreparedUnits::operator=(PreparedUnits&&) noexcept = default;
PreparedUnits::~PreparedUnits() = default;

std::size_t PreparedUnits::size() const { return impl_ ? impl_->prepared.size() : 0; }

void PreparedUnits::reserve(std::size_t count) {
  if (!impl_) impl_ = std::make_unique<Impl>();
  impl_->prepared.reserve(count);
}

void PreparedUnits::append(PreparedUnits&& later) {
  if (!impl_) impl_ = std::make_unique<Impl>();
  if (!later.impl_) return;
  std::vector<detail::PreparedUnit>& from = later.impl_->prepared;
  impl_->prepared.insert(impl_->prepared.end(), std::make_move_iterator(from.begin()),
                         std::make_move_iterator(from.end()));
  from.clear();
}

PreparedUnits PreparedUnits::take_front(std::size_t count) {
  PreparedUnits front;
  if (!impl_) return front;
  std::vector<detail::PreparedUnit>& prepared = impl_->prepared;
  const auto split = prepared.begin() + static_cast<std::ptrdiff_t>(std::min(count, size()));
  front.impl_->prepared.assign(std::make_move_iterator(prepared.begin()),
                               std::make_move_iterator(split));
  prepared.erase(prepared.begin(), split);
  return front;
}

PreparedUnits TranslationMemory::prepare(std::vector<TranslationUnit> units) {
  PreparedUnits out;
  std::vector<detail::PreparedUnit>& prepared = out.impl_->prepared;
  prepared.resize(units.size());
  detail::PrepareScratch scratch;
  for (std::size_t i = 0; i < units.size(); ++i) {
    Result<detail::PreparedUnit> one = detail::prepare_unit(units[i], scratch);
    if (one.ok()) {
      prepared[i] = std::move(one).value();
    } else {
      prepared[i].problem = one.status();
    }
    prepared[i].unit = nullptr;  // `units` go with this function
  }
  return out;
}

Result<AddReport> TranslationMemory::add(const PreparedUnits& units, const AddOptions& options) {
  if (!units.impl_) return AddReport{};
  const std::vector<detail::PreparedUnit>& prepared = units.impl_->prepared;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    if (!prepared[i].problem.ok()) {
      return prepared[i].problem.with_context("tm: add: unit " + std::to_string(i));
    }
  }
  return add_prepared(prepared, options);
}

Result<AddReport> TranslationMemory::add(const std::vector<TranslationUnit>& units,
                                         const AddOptions& options) {
  // Validate everything first, so a bad unit fails the batch before a transaction exists.
  TMKIT_ASSIGN_OR_RETURN(const std::vector<detail::PreparedUnit> batch,
                         detail::prepare_batch(units));
  return add_prepared(batch, options);
}

Result<AddReport> TranslationMemory::add_prepared(std::span<const detail::PreparedUnit> batch,
                                                  const AddOptions& options) {
  if (impl_->store.env.read_only()) {
    return Status::storage("tm: add: " + impl_->store.dir.string() + " was opened read-only");
  }
  TMKIT_RETURN_IF_ERROR(detail::fold_recent(impl_->store, kRecentEntries, kDirtyPageBudget)
                            .with_context("tm: add: moving the recent duplicate and variant "
                                          "entries into their main trees (nothing added)"));
  AddReport total;
  std::size_t part_limit = impl_->units_per_transaction;
  if (impl_->deferred) {
    TMKIT_ASSIGN_OR_RETURN(part_limit, units_per_transaction(part_limit));
  }
  const std::size_t chosen_limit = part_limit;
  const Status written =
      detail::write_in_parts(batch.size(), part_limit, [&](std::size_t begin, std::size_t end) {
        return write_part(impl_->store, {batch.data() + begin, end - begin}, options,
                          impl_->deferred.get(), impl_->stored_sources, total);
      });
  // A part too big for LMDB (MDB_TXN_FULL) lowers the limit for the next add()s too.
  if (part_limit < chosen_limit) impl_->units_per_transaction = part_limit;
  if (!written.ok()) return written;
  return total;
}

Result<std::size_t> TranslationMemory::units_per_transaction(std::size_t at_most) const {
  const detail::TmStore& store = impl_->store;
  TMKIT_ASSIGN_OR_RETURN(const detail::ReadTxn txn, store.env.begin_read());
  return detail::units_within_page_budget(
      store, txn, std::min(at_most, impl_->units_per_transaction), kDirtyPageBudget);
}

Status TranslationMemory::defer_index() {
  if (impl_->store.env.read_only()) {
    return Status::storage("tm: " + impl_->store.dir.string() + " was opened read-only");
  }
  if (impl_->deferred) return {};
  TMKIT_ASSIGN_OR_RETURN(impl_->deferred, detail::begin_deferred_index(impl_->store));
  if (!impl_->deferred) return {};  // another process defers: this one indexes in place
  impl_->deferred->merge_postings = impl_->merge_postings_per_transaction;
  impl_->deferred->run_postings = impl_->index_run_postings;
  return impl_->store.env.set_meta_sync(false);
}

Status TranslationMemory::finish_index() {
  if (!impl_->deferred) return {};
  // Released whatever happens: after a failure the TM is as if this process had been killed.
  const std::unique_ptr<detail::DeferredIndex> deferred = std::move(impl_->deferred);
  const Status merged = detail::finish_deferred_index(impl_->store, *deferred);
  Status synced = impl_->store.env.set_meta_sync(true);
  if (synced.ok()) synced = impl_->store.env.sync();
  return merged.ok() ? synced : merged;
}

Result<bool> TranslationMemory::empty() const {
  TMKIT_ASSIGN_OR_RETURN(const detail::ReadTxn txn, impl_->store.env.begin_read());
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t units, txn.entries(impl_->store.units));
  return units == 0;
}

Status TranslationMemory::release_resident_pages() const {
  return impl_->store.env.release_resident_pages();
}

Status TranslationMemory::for_each_unit(
    const LangTag& src_lang, const LangTag& tgt_lang,
    const std::function<Status(std::uint64_t id, const TranslationUnit&)>& visit) const {
  TMKIT_ASSIGN_OR_RETURN(const detail::ReadTxn txn, impl_->store.env.begin_read());
  return detail::scan_units(impl_->store, txn, [&](std::uint64_t id, TranslationUnit&& unit) {
    if (!detail::matches_languages(unit, src_lang, tgt_lang)) return Status();
    return visit(id, unit);
  });
}

Result<TmStats> TranslationMemory::stats() const {
  TmStats stats;
  TMKIT_ASSIGN_OR_RETURN(const detail::ReadTxn txn, impl_->store.env.begin_read());
  TMKIT_ASSIGN_OR_RETURN(stats.schema_version, detail::read_schema_version(impl_->store, txn));
  // Counted by a scan rather than kept in meta: no counter can drift from the data.
  std::map<std::pair<std::string, std::string>, LanguagePairCount> pairs;
  TMKIT_RETURN_IF_ERROR(
      detail::scan_units(impl_->store, txn, [&](std::uint64_t, TranslationUnit&& unit) -> Status {
        LanguagePairCount& pair = pairs[{unit.src_lang.str(), unit.tgt_lang.str()}];
        pair.src_lang = unit.src_lang;
        pair.tgt_lang = unit.tgt_lang;
        ++pair.units;
        ++stats.units;
        return {};
      }));
  for (auto& entry : pairs) stats.pairs.push_back(std::move(entry.second));
  TMKIT_ASSIGN_OR_RETURN(stats.sources_with_variants,
                         detail::count_variant_sources(impl_->store, txn));
  TMKIT_ASSIGN_OR_RETURN(stats.database_bytes, detail::database_bytes(impl_->store, txn));
  TMKIT_ASSIGN_OR_RETURN(stats.used_bytes, txn.used_bytes());
  std::error_code error;
  const std::uintmax_t bytes = std::filesystem::file_size(impl_->store.dir / "data.mdb", error);
  if (error) return Status::io("tm: stats: size of data.mdb: " + error.message());
  stats.file_bytes = bytes;
  return stats;
}

}  // namespace tmkit
