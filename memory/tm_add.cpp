// add(): validation, dedupe, variants and writing (with the index) of a batch of units.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <thread>

#include "hash_sets.hpp"
#include "record_codec.hpp"
#include "tm_index.hpp"
#include "tm_store.hpp"
#include "tmkit/text.hpp"
#include "tokenize.hpp"

namespace tmkit::detail {
namespace {

// The largest string or list a record can length-prefix (record_codec.hpp: u32 lengths).
constexpr std::size_t kMaxFieldSize = 0xFFFFFFFFu;

std::string join_key(const TranslationUnit& unit, const std::string& source,
                     const std::string* target) {
  std::string key = unit.src_lang.str();
  key.push_back('\0');
  key += unit.tgt_lang.str();
  key.push_back('\0');
  key += source;
  if (target != nullptr) {
    key.push_back('\0');
    key += *target;
  }
  return key;
}

// hash_key fed in parts: FNV-1a, 64 bit, stable across platforms and releases, which a hash
// stored on disk must be. It is not collision-resistant; every hit is confirmed against the
// stored unit. A source key is the start of the dedupe key, so both come from one pass.
class KeyHash {
 public:
  KeyHash& add(std::string_view bytes) {
    for (const char c : bytes) add(c);
    return *this;
  }
  KeyHash& add(char c) {
    hash_ ^= static_cast<std::uint8_t>(c);
    hash_ *= 0x100000001b3u;
    return *this;
  }
  std::string key() const { return unit_key(hash_); }  // the same 8-byte big-endian layout

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325u;
};

bool fits_record(const TranslationUnit& unit) {
  std::size_t largest = std::max(unit.source.size(), unit.target.size());
  for (const Property& prop : unit.props) {
    largest = std::max({largest, prop.type.size(), prop.value.size()});
  }
  for (const std::string& note : unit.notes) largest = std::max(largest, note.size());
  return largest <= kMaxFieldSize && unit.props.size() <= kMaxFieldSize &&
         unit.notes.size() <= kMaxFieldSize;
}

}  // namespace

Result<PreparedUnit> prepare_unit(const TranslationUnit& unit, PrepareScratch& scratch) {
  if (unit.src_lang.empty() || unit.tgt_lang.empty()) {
    return Status::invalid_input("missing source or target language");
  }
  if (!fits_record(unit)) return Status::invalid_input("a field is larger than 4 GiB");
  TMKIT_RETURN_IF_ERROR(normalize_for_match(unit.source, scratch.source));
  const std::string& source = scratch.source;
  if (source.empty()) return Status::invalid_input("empty source text");
  TMKIT_RETURN_IF_ERROR(normalize_for_match(unit.target, scratch.target));
  const std::string& target = scratch.target;
  // The hashes of join_key(unit, source, nullptr) and of join_key(unit, source, &target).
  KeyHash hash;
  hash.add(unit.src_lang.str()).add('\0').add(unit.tgt_lang.str()).add('\0').add(source);
  std::string source_hash = hash.key();
  std::string dedupe_hash = hash.add('\0').add(target).key();
  return PreparedUnit{&unit,
                      std::move(dedupe_hash),
                      std::move(source_hash),
                      encode_unit(unit),
                      index_normalized_unit(unit, source, target, scratch.index),
                      Status()};
}

Result<PreparedUnit> prepare_unit(const TranslationUnit& unit) {
  PrepareScratch scratch;
  return prepare_unit(unit, scratch);
}

namespace {

// Prepares units [begin, end) into `out` (sized already); the first failure is returned.
Status prepare_range(const std::vector<TranslationUnit>& units, std::size_t begin, std::size_t end,
                     std::vector<PreparedUnit>& out) {
  PrepareScratch scratch;
  for (std::size_t i = begin; i < end; ++i) {
    Result<PreparedUnit> prepared = prepare_unit(units[i], scratch);
    if (!prepared.ok()) return prepared.status().with_context("tm: add: unit " + std::to_string(i));
    out[i] = std::move(prepared).value();
  }
  return {};
}

// Room for the postings of every unit of `batch`: a batch's postings are tens of MB.
void reserve_postings(std::span<const PreparedUnit> batch, PostingBuffer& postings) {
  std::size_t src = 0;
  std::size_t tgt = 0;
  for (const PreparedUnit& prepared : batch) {
    src += prepared.index.src_keys.size();
    tgt += prepared.index.tgt_keys.size();
  }
  postings.reserve(src, tgt);
}

// Below this, a second thread costs more than it saves.
constexpr std::size_t kParallelPrepareUnits = 512;

// The stored units whose `key_of` equals that of `incoming`, found by the key's hash in
// `index`.
Result<std::vector<std::pair<std::uint64_t, TranslationUnit>>> stored_with_key(
    const TmStore& store, const Txn& txn, HashIndex index, const std::string& hash,
    const TranslationUnit& incoming, Result<std::string> (*key_of)(const TranslationUnit&)) {
  std::vector<std::pair<std::uint64_t, TranslationUnit>> out;
  TMKIT_ASSIGN_OR_RETURN(const std::vector<std::string> ids, ids_under(txn, index, hash));
  if (ids.empty()) return out;
  TMKIT_ASSIGN_OR_RETURN(const std::string key, key_of(incoming));
  for (const std::string& unit : ids) {
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t id, parse_unit_key(unit));
    TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> record,
                           txn.get(store.units, unit));
    if (!record) return Status::storage("tm: index entry points to a missing unit");
    TMKIT_ASSIGN_OR_RETURN(TranslationUnit stored, decode_unit(*record));
    TMKIT_ASSIGN_OR_RETURN(const std::string stored_key, key_of(stored));
    if (stored_key == key) out.emplace_back(id, std::move(stored));
  }
  return out;
}

Status bump_use_count(const TmStore& store, WriteTxn& txn, std::uint64_t id) {
  TMKIT_ASSIGN_OR_RETURN(const std::uint32_t count, use_count(store, txn, id));
  return txn.put(store.usage, unit_key(id),
                 encode_u32_be(count == 0xFFFFFFFFu ? count : count + 1));
}

// What to do with a unit whose source has stored variants, under `policy`.
enum class Decision { kStore, kSkip, kReplace };

Decision decide(ConflictPolicy policy, const TranslationUnit& incoming,
                const std::vector<std::pair<std::uint64_t, TranslationUnit>>& variants) {
  if (variants.empty() || policy == ConflictPolicy::kKeepBoth) return Decision::kStore;
  if (policy == ConflictPolicy::kPreferExisting) return Decision::kSkip;
  const bool incoming_newest = std::all_of(variants.begin(), variants.end(), [&](const auto& v) {
    return v.second.created <= incoming.created;
  });
  return incoming_newest ? Decision::kReplace : Decision::kSkip;
}

// Entries for a recent hash tree, put in hash order: a batch's hashes are spread over the whole
// tree, and put in arrival order each would descend to a leaf of its own, most of them out of
// the CPU's caches (1,000,000 units: 3.5 s of the writing thread's 11 s).
class SortedPuts {
 public:
  explicit SortedPuts(Dbi dbi) : dbi_(dbi) {}

  void add(std::string_view hash, std::uint64_t id) { pending_.emplace_back(hash_value(hash), id); }

  // The recent trees are small (fold_recent), so the pages these puts map are few: unlike
  // lookups in dedupe and sources, they need no release of the map's pages (which was a third
  // of their time).
  Status write(WriteTxn& txn) {
    // As numbers, the hashes sort as their big-endian keys do, without a memcmp per comparison.
    std::sort(pending_.begin(), pending_.end());
    TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, dbi_));
    for (const auto& [hash, id] : pending_) {
      TMKIT_RETURN_IF_ERROR(txn.put(cursor, unit_key(hash), unit_key(id)));
    }
    pending_.clear();
    return {};
  }

 private:
  Dbi dbi_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> pending_;  // the batch's hashes, ids
};

struct BatchWriter {
  const TmStore& store;
  WriteTxn& txn;
  PostingBuffer postings;
  std::uint64_t next_id;
  PostingBuffer erased;  // of the units replaced, erased at the end of the batch
  SortedPuts dedupe_puts{store.dedupe_recent};
  SortedPuts sources_puts{store.sources_recent};
  std::optional<Cursor> units_end = {};
  std::optional<Cursor> sig_end = {};

  Status store_unit(const PreparedUnit& prepared) {
    if (next_id > kMaxIndexedId) return Status::storage("tm: add: unit ids exhausted");
    const UnitIndex& index = prepared.index;
    const std::string key = unit_key(next_id);
    // Ids only grow, so MDB_APPEND is valid; through a cursor kept at the end, it skips the
    // search for the last leaf too.
    TMKIT_RETURN_IF_ERROR(append(units_end, store.units, key, prepared.record));
    TMKIT_RETURN_IF_ERROR(append(sig_end, store.sig, key, index.signature));
    dedupe_puts.add(prepared.dedupe_hash, next_id);
    sources_puts.add(prepared.source_hash, next_id);
    postings.add(next_id, index);
    ++next_id;
    return {};
  }

  Status append(std::optional<Cursor>& end, Dbi dbi, std::string_view key, std::string_view value) {
    if (!end) {
      TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, dbi));
      end.emplace(std::move(cursor));
    }
    return txn.put(*end, key, value, MDB_APPEND);
  }

  // Puts the hash entries of the units stored so far: before the trees are read for a hash
  // that this batch added (so also before such a unit is replaced), and at the end of the
  // batch.
  Status write_hashes() {
    TMKIT_RETURN_IF_ERROR(dedupe_puts.write(txn));
    return sources_puts.write(txn);
  }

  Status replace(const std::vector<std::pair<std::uint64_t, TranslationUnit>>& variants,
                 std::uint64_t first_new_id) {
    for (const auto& [id, unit] : variants) {
      // A unit added earlier in this batch has its postings still in the buffer.
      if (id >= first_new_id) postings.drop(id);
      TMKIT_RETURN_IF_ERROR(erase_unit(store, txn, id, unit, &erased));
    }
    return {};
  }
};

}  // namespace

std::string hash_key(std::string_view text) { return KeyHash().add(text).key(); }

Result<std::string> dedupe_key_of(const TranslationUnit& unit) {
  TMKIT_ASSIGN_OR_RETURN(const std::string source, normalize_for_match(unit.source));
  TMKIT_ASSIGN_OR_RETURN(const std::string target, normalize_for_match(unit.target));
  return join_key(unit, source, &target);
}

Result<std::string> source_key_of(const TranslationUnit& unit) {
  TMKIT_ASSIGN_OR_RETURN(const std::string source, normalize_for_match(unit.source));
  return join_key(unit, source, nullptr);
}

Result<std::vector<PreparedUnit>> prepare_batch(const std::vector<TranslationUnit>& units) {
  std::vector<PreparedUnit> batch(units.size());
  if (units.size() < kParallelPrepareUnits) {
    TMKIT_RETURN_IF_ERROR(prepare_range(units, 0, units.size(), batch));
    return batch;
  }
  // Normalising, tokenising and encoding are most of an import's work and need nothing from
  // the TM: the second half is prepared by a second thread while this one does the first.
  const std::size_t half = units.size() / 2;
  load_icu_normalizers();
  Status second;
  std::thread worker([&] { second = prepare_range(units, half, units.size(), batch); });
  const Status first = prepare_range(units, 0, half, batch);
  worker.join();
  TMKIT_RETURN_IF_ERROR(first);
  TMKIT_RETURN_IF_ERROR(second);
  return batch;
}

Result<std::size_t> units_within_page_budget(const TmStore& store, const Txn& txn,
                                             std::size_t at_most, std::size_t page_budget) {
  // A unit's record and signature fill about a ninth of a page (1,000,000 units: 73,888 leaves
  // of units, 39,554 of sig).
  constexpr double kAppendedPagesPerUnit = 0.12;
  // New units go to the recent trees (fold_recent bounds them).
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t dedupe_pages, txn.pages(store.dedupe_recent));
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t source_pages, txn.pages(store.sources_recent));
  const auto dirty = [&](double units) {
    double pages = units * kAppendedPagesPerUnit;
    for (const double leaves :
         {static_cast<double>(dedupe_pages), static_cast<double>(source_pages)}) {
      pages += leaves > 0 ? leaves * -std::expm1(-units / leaves) : 0;
    }
    return pages;
  };
  // dirty() grows with the units: the largest count within the budget, by bisection.
  std::size_t low = 1;
  std::size_t high = std::max<std::size_t>(at_most, 1);
  if (dirty(static_cast<double>(high)) <= static_cast<double>(page_budget)) return high;
  while (high - low > 1) {
    const std::size_t middle = low + (high - low) / 2;
    (dirty(static_cast<double>(middle)) <= static_cast<double>(page_budget) ? low : high) = middle;
  }
  return low;
}

namespace {

// Entries moved per release of the map's pages while folding (see write_batch).
constexpr std::size_t kEntriesPerRelease = 256;

// One transaction of fold_tree: moves the first entries of `recent` into `main`, about
// `page_budget` pages' worth; sets `done` when `recent` is left empty.
Status fold_some(const TmStore& store, WriteTxn& txn, Dbi recent, Dbi main, std::size_t page_budget,
                 bool& done) {
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t count, txn.entries(recent));
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t recent_pages, txn.pages(recent));
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t main_pages, txn.pages(main));
  done = count == 0;
  if (done) return {};
  // The entries are spread over all of main's keys: moving m of them in key order copies about
  // m / count of main's leaves, and of recent's.
  const double pages_per_entry =
      static_cast<double>(main_pages + recent_pages) / static_cast<double>(count);
  const auto moved = static_cast<std::size_t>(std::clamp(
      static_cast<double>(page_budget) / pages_per_entry, 1.0, static_cast<double>(count)));
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, recent));
  // The entries come in key order: put through a cursor, most find their leaf without a search.
  TMKIT_ASSIGN_OR_RETURN(Cursor into, Cursor::open(txn, main));
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_FIRST));
  // When all of them move, recent is emptied at once at the end, instead of a delete (and a
  // search for the first entry) per entry, which was nearly half of a fold.
  const bool all = moved == count;
  for (std::size_t i = 0; entry && (all || i < moved); ++i) {
    if (i % kEntriesPerRelease == 0) TMKIT_RETURN_IF_ERROR(store.env.release_resident_pages());
    // Copied: LMDB may spill this transaction's dirty pages on any write, moving what a view
    // points into.
    const std::string key(entry->key);
    const std::string value(entry->value);
    TMKIT_RETURN_IF_ERROR(txn.put(into, key, value));
    if (!all) TMKIT_RETURN_IF_ERROR(cursor.del());
    TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(all ? MDB_NEXT : MDB_FIRST));
  }
  done = !entry;
  return all ? txn.clear(recent) : Status();
}

// Moves every entry of `recent` into `main`, in transactions of about `page_budget` pages.
Status fold_tree(TmStore& store, Dbi recent, Dbi main, std::size_t page_budget) {
  for (bool done = false; !done;) {
    TMKIT_RETURN_IF_ERROR(store.env.write(
        [&](WriteTxn& txn) { return fold_some(store, txn, recent, main, page_budget, done); }));
  }
  return store.env.release_resident_pages();
}

}  // namespace

Status fold_recent(TmStore& store, std::size_t threshold, std::size_t page_budget) {
  {
    TMKIT_ASSIGN_OR_RETURN(const ReadTxn txn, store.env.begin_read());
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t dedupe, txn.entries(store.dedupe_recent));
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t sources, txn.entries(store.sources_recent));
    if (std::max(dedupe, sources) < threshold) return {};
  }  // the read transaction ends: the folds may grow the map
  TMKIT_RETURN_IF_ERROR(fold_tree(store, store.dedupe_recent, store.dedupe, page_budget));
  return fold_tree(store, store.sources_recent, store.sources, page_budget);
}

namespace {

// hashes_present in `index` for the hash `field` of each unit of `batch` for which `wanted`
// holds (false for the others, which are not looked up).
Result<std::vector<bool>> stored_hashes(const TmStore& store, const Txn& txn, HashIndex index,
                                        std::span<const PreparedUnit> batch,
                                        std::string PreparedUnit::*field,
                                        const std::function<bool(std::size_t)>& wanted) {
  std::vector<std::string_view> hashes;
  std::vector<std::size_t> units;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!wanted(i)) continue;
    hashes.push_back(batch[i].*field);
    units.push_back(i);
  }
  TMKIT_ASSIGN_OR_RETURN(const std::vector<bool> found,
                         hashes_present(txn, index, hashes, kUnitsPerRelease,
                                        [&] { return store.env.release_resident_pages(); }));
  std::vector<bool> stored(batch.size(), false);
  for (std::size_t k = 0; k < units.size(); ++k) stored[units[k]] = found[k];
  return stored;
}

// Whether `sources`' filter holds every source hash of the TM, as it did when this object first
// wrote to an empty TM (StoredSources), `next_id` being the TM's next id now.
Result<bool> update_coverage(const TmStore& store, const Txn& txn, std::uint64_t next_id,
                             StoredSources& sources) {
  using Coverage = StoredSources::Coverage;
  if (sources.coverage == Coverage::kUnknown) {
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t main, txn.entries(store.sources));
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t recent, txn.entries(store.sources_recent));
    sources.coverage = main + recent == 0 ? Coverage::kWhole : Coverage::kPartial;
    sources.next_id = next_id;
  }
  // Another process stored units since this object's last commit.
  if (sources.coverage == Coverage::kWhole && sources.next_id != next_id) {
    sources.coverage = Coverage::kPartial;
    sources.filter = {};
  }
  return sources.coverage == Coverage::kWhole;
}

}  // namespace

Status write_batch(const TmStore& store, WriteTxn& txn, std::span<const PreparedUnit> batch,
                   const AddOptions& options, AddReport& report, PostingBuffer* deferred,
                   StoredSources& sources) {
  report = {};
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t first_id, next_unit_id(store, txn));
  BatchWriter writer{store, txn, {}, first_id, {}};
  reserve_postings(batch, writer.postings);
  TMKIT_ASSIGN_OR_RETURN(const bool filter_covers, update_coverage(store, txn, first_id, sources));
  // Which hashes the TM held before this batch, looked up in hash order; a unit whose hashes
  // are neither there nor added earlier in the batch (almost every unit of an import) needs
  // no lookup of its own. A unit whose source is not stored has no stored duplicate either
  // (dedupe's key holds the source's), so only the others' dedupe hashes are looked up.
  TMKIT_ASSIGN_OR_RETURN(
      const std::vector<bool> source_stored,
      stored_hashes(
          store, txn, sources_index(store), batch, &PreparedUnit::source_hash, [&](std::size_t i) {
            return !filter_covers || sources.filter.may_contain(hash_value(batch[i].source_hash));
          }));
  TMKIT_ASSIGN_OR_RETURN(
      const std::vector<bool> dedupe_stored,
      stored_hashes(store, txn, dedupe_index(store), batch, &PreparedUnit::dedupe_hash,
                    [&](std::size_t i) { return static_cast<bool>(source_stored[i]); }));
  HashSet dedupe_added;
  HashSet sources_added;
  // A lookup reads a random leaf of dedupe or sources; the kernel maps the pages around each
  // read (fault-around, 64 KiB): in a large TM a batch would map gigabytes. Unmapped every
  // kUnitsPerRelease lookups, they stay in the page cache, out of the resident set. (Units
  // that look nothing up map nothing: their writes go to pages on the heap.)
  std::size_t lookups = 0;
  const auto looking_up = [&]() -> Status {
    if (++lookups % kUnitsPerRelease != 0) return {};
    return store.env.release_resident_pages();
  };
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const PreparedUnit& prepared = batch[i];
    // The unit itself, needed only when one of its hashes is there: the caller's, or decoded
    // from its record when the caller let the units go (PreparedUnits).
    std::optional<TranslationUnit> decoded;
    const auto incoming = [&]() -> Result<const TranslationUnit*> {
      if (prepared.unit != nullptr) return prepared.unit;
      if (!decoded) {
        TMKIT_ASSIGN_OR_RETURN(TranslationUnit unit, decode_unit(prepared.record));
        decoded = std::move(unit);
      }
      return &*decoded;
    };
    std::vector<std::pair<std::uint64_t, TranslationUnit>> same;
    const std::uint64_t dedupe_hash = hash_value(prepared.dedupe_hash);
    const std::uint64_t source_hash = hash_value(prepared.source_hash);
    const bool dedupe_added_here = dedupe_added.contains(dedupe_hash);
    const bool source_added_here = sources_added.contains(source_hash);
    if (dedupe_added_here || source_added_here) TMKIT_RETURN_IF_ERROR(writer.write_hashes());
    if (dedupe_stored[i] || dedupe_added_here) {
      TMKIT_RETURN_IF_ERROR(looking_up());
      TMKIT_ASSIGN_OR_RETURN(const TranslationUnit* unit, incoming());
      TMKIT_ASSIGN_OR_RETURN(same, stored_with_key(store, txn, dedupe_index(store),
                                                   prepared.dedupe_hash, *unit, &dedupe_key_of));
    }
    if (!same.empty()) {
      ++report.duplicates;
      TMKIT_RETURN_IF_ERROR(bump_use_count(store, txn, same.front().first));
      continue;
    }
    std::vector<std::pair<std::uint64_t, TranslationUnit>> variants;
    Decision decision = Decision::kStore;
    if (source_stored[i] || source_added_here) {
      TMKIT_RETURN_IF_ERROR(looking_up());
      TMKIT_ASSIGN_OR_RETURN(const TranslationUnit* unit, incoming());
      TMKIT_ASSIGN_OR_RETURN(
          variants, stored_with_key(store, txn, sources_index(store), prepared.source_hash, *unit,
                                    &source_key_of));
      decision = decide(options.on_conflict, *unit, variants);
    }
    if (decision == Decision::kSkip) {
      ++report.skipped;
      continue;
    }
    if (decision == Decision::kReplace) {
      TMKIT_RETURN_IF_ERROR(writer.replace(variants, first_id));
      report.replaced += variants.size();
    } else if (!variants.empty()) {
      ++report.variants;
    }
    TMKIT_RETURN_IF_ERROR(writer.store_unit(prepared));
    dedupe_added.insert(dedupe_hash);
    sources_added.insert(source_hash);
    if (filter_covers) sources.filter.insert(source_hash);
    ++report.added;
  }
  if (writer.next_id > first_id) report.stored_ids.emplace_back(first_id, writer.next_id);
  TMKIT_RETURN_IF_ERROR(writer.write_hashes());
  if (deferred != nullptr) {
    *deferred = std::move(writer.postings);
  } else {
    TMKIT_RETURN_IF_ERROR(writer.postings.flush(store, txn));
  }
  // A unit replaced after being added earlier in the batch had its postings dropped above: those
  // are not found, and the others leave the index.
  TMKIT_RETURN_IF_ERROR(writer.erased.erase_from(store, txn));
  return put_next_unit_id(store, txn, writer.next_id);
}

namespace {

// write_in_parts for units [begin, end); `committed` counts the units committed so far.
// `whole` is the batch's size: an error of the batch as one transaction needs no context.
Status write_range(std::size_t begin, std::size_t end, std::size_t whole, std::size_t& part_limit,
                   const std::function<Result<PartWrite>(std::size_t, std::size_t)>& write,
                   std::size_t& committed) {
  const auto range = [](std::size_t a, std::size_t b) {
    return std::to_string(a + 1) + "-" + std::to_string(b);
  };
  Result<PartWrite> outcome = write(begin, end);
  if (!outcome.ok() && committed == 0 && end - begin == whole) return outcome.status();
  if (!outcome.ok()) {
    const std::string done = committed == 0 ? "none" : "units 1-" + std::to_string(committed);
    return outcome.status().with_context("tm: add: units " + range(begin, end) + " (" + done +
                                         " of the batch committed)");
  }
  if (*outcome == PartWrite::kCommitted) {
    committed = end;
    return {};
  }
  if (end - begin < 2) {
    return Status::storage("tm: add: unit " + std::to_string(begin + 1) +
                           " alone needs more pages than one LMDB transaction can hold");
  }
  const std::size_t middle = begin + (end - begin) / 2;
  part_limit = std::min(part_limit, middle - begin);
  TMKIT_RETURN_IF_ERROR(write_range(begin, middle, whole, part_limit, write, committed));
  return write_range(middle, end, whole, part_limit, write, committed);
}

}  // namespace

Status write_in_parts(std::size_t count, std::size_t& part_limit,
                      const std::function<Result<PartWrite>(std::size_t, std::size_t)>& write) {
  std::size_t committed = 0;
  while (committed < count) {
    const std::size_t end =
        committed + std::min(std::max<std::size_t>(part_limit, 1), count - committed);
    TMKIT_RETURN_IF_ERROR(write_range(committed, end, count, part_limit, write, committed));
  }
  return {};
}

Status erase_unit(const TmStore& store, WriteTxn& txn, std::uint64_t id,
                  const TranslationUnit& unit, PostingBuffer* erased) {
  const std::string key = unit_key(id);
  TMKIT_ASSIGN_OR_RETURN(const std::string dedupe, dedupe_key_of(unit));
  TMKIT_ASSIGN_OR_RETURN(const std::string source, source_key_of(unit));
  TMKIT_ASSIGN_OR_RETURN(const UnitIndex index, index_unit(unit));
  TMKIT_RETURN_IF_ERROR(txn.del(store.units, key).status());
  TMKIT_RETURN_IF_ERROR(erase_id(txn, dedupe_index(store), hash_key(dedupe), key));
  TMKIT_RETURN_IF_ERROR(erase_id(txn, sources_index(store), hash_key(source), key));
  TMKIT_RETURN_IF_ERROR(txn.del(store.usage, key).status());
  TMKIT_RETURN_IF_ERROR(erase_unit_index(store, txn, id, index, erased));
  // Bounds the buffer (16 bytes a posting, twice that while sorted): 2 million postings are the
  // units of about 40,000 sentences.
  constexpr std::size_t kErasedPostings = std::size_t{1} << 21;
  if (erased != nullptr && erased->size() >= kErasedPostings) {
    TMKIT_RETURN_IF_ERROR(erased->erase_from(store, txn));
  }
  return {};
}

}  // namespace tmkit::detail
