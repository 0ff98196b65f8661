// check(): verifies that the units and every index database agree, in one read snapshot.
//
// Pass 1 reads every unit, decodes it and looks up each index entry it should have (dedupe,
// sources, sig, every src/tgt posting). Pass 2 reads every index entry and checks that it
// points to a stored unit. Both passes count entries: with every expected entry present and
// no entry dangling, equal counts mean the index holds exactly what the units call for.
#include <algorithm>
#include <cstdio>

#include "posting_blocks.hpp"
#include "record_codec.hpp"
#include "tm_deferred.hpp"
#include "tm_index.hpp"
#include "tm_store.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit {
namespace {

using detail::Cursor;
using detail::Dbi;
using detail::KeyValue;
using detail::TmStore;
using detail::Txn;

std::string hex(std::string_view bytes) {
  std::string out;
  char buffer[3];
  for (char c : bytes) {
    std::snprintf(buffer, sizeof buffer, "%02x",
                  static_cast<unsigned>(static_cast<unsigned char>(c)));
    out += buffer;
  }
  return out;
}

std::string unit_name(std::uint64_t id) { return "unit " + std::to_string(id); }

class Checker {
 public:
  Checker(const TmStore& store, const Txn& txn, CheckReport& report, std::size_t max_problems)
      : store_(store), txn_(txn), report_(report), max_problems_(max_problems) {}

  Status run() {
    TMKIT_ASSIGN_OR_RETURN(const auto unindexed_from, detail::read_unindexed_from(store_, txn_));
    unindexed_from_ = unindexed_from.value_or(UINT64_MAX);
    TMKIT_RETURN_IF_ERROR(check_schema());
    TMKIT_RETURN_IF_ERROR(check_units());
    TMKIT_RETURN_IF_ERROR(check_next_id());
    TMKIT_RETURN_IF_ERROR(
        check_id_index("dedupe", detail::dedupe_index(store_), report_.units, true));
    TMKIT_RETURN_IF_ERROR(
        check_id_index("sources", detail::sources_index(store_), report_.units, false));
    TMKIT_RETURN_IF_ERROR(check_keyed_by_id("sig", store_.sig, report_.units));
    TMKIT_RETURN_IF_ERROR(check_keyed_by_id("usage", store_.usage, std::nullopt));
    TMKIT_RETURN_IF_ERROR(check_postings("src_blocks", store_.src_grams, src_postings_));
    return check_postings("tgt_blocks", store_.tgt_grams, tgt_postings_);
  }

 private:
  void problem(std::string text) {
    ++report_.problem_count;
    if (report_.problems.size() < max_problems_) report_.problems.push_back(std::move(text));
  }

  bool has_unit(std::uint64_t id) const { return std::binary_search(ids_.begin(), ids_.end(), id); }

  Status check_schema() {
    TMKIT_ASSIGN_OR_RETURN(const auto value, txn_.get(store_.meta, "schema_version"));
    if (!value || value->size() != 4) {
      problem("meta: no valid schema_version");
      return {};
    }
    for (char c : *value) {
      report_.schema_version = (report_.schema_version << 8) | static_cast<std::uint8_t>(c);
    }
    // Schema 2 differs only by two databases that a read-only open reads as empty.
    if (report_.schema_version != TranslationMemory::kSchemaVersion &&
        report_.schema_version != detail::kFirstIndexedSchema) {
      problem("meta: schema version " + std::to_string(report_.schema_version) + ", expected " +
              std::to_string(TranslationMemory::kSchemaVersion));
    }
    TMKIT_ASSIGN_OR_RETURN(const std::uint32_t index, detail::read_index_version(store_, txn_));
    if (index != detail::kIndexVersion) {
      problem("meta: index version " + std::to_string(index) + ", expected " +
              std::to_string(detail::kIndexVersion) + " (tmkit reindex rebuilds it)");
    }
    return {};
  }

  // Whether the pair (key, value) is in the DUPSORT database `dbi`.
  Result<bool> has_pair(Dbi dbi, std::string_view key, std::string_view value) const {
    TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn_, dbi));
    TMKIT_ASSIGN_OR_RETURN(const auto found, cursor.move(MDB_GET_BOTH, key, value));
    return found.has_value();
  }

  Status expect_pair(const char* name, Dbi dbi, std::uint64_t id, std::string_view key,
                     std::string_view value) {
    TMKIT_ASSIGN_OR_RETURN(const bool found, has_pair(dbi, key, value));
    if (!found) problem(unit_name(id) + ": no " + name + " entry (key " + hex(key) + ")");
    return {};
  }

  // The same in either tree of a hash index.
  Status expect_pair(const char* name, detail::HashIndex index, std::uint64_t id,
                     std::string_view key, std::string_view value) {
    TMKIT_ASSIGN_OR_RETURN(bool found, has_pair(index.main, key, value));
    if (!found && index.recent.exists) {
      TMKIT_ASSIGN_OR_RETURN(found, has_pair(index.recent, key, value));
    }
    if (!found) problem(unit_name(id) + ": no " + name + " entry (key " + hex(key) + ")");
    return {};
  }

  Status check_index_of(std::uint64_t id, const TranslationUnit& unit) {
    const std::string key = detail::unit_key(id);
    TMKIT_ASSIGN_OR_RETURN(const std::string dedupe, detail::dedupe_key_of(unit));
    TMKIT_ASSIGN_OR_RETURN(const std::string source, detail::source_key_of(unit));
    TMKIT_RETURN_IF_ERROR(
        expect_pair("dedupe", detail::dedupe_index(store_), id, detail::hash_key(dedupe), key));
    TMKIT_RETURN_IF_ERROR(
        expect_pair("sources", detail::sources_index(store_), id, detail::hash_key(source), key));
    TMKIT_ASSIGN_OR_RETURN(const detail::UnitIndex index, detail::index_unit(unit));
    TMKIT_ASSIGN_OR_RETURN(const auto sig, txn_.get(store_.sig, key));
    if (!sig) {
      problem(unit_name(id) + ": no sig entry");
    } else if (*sig != index.signature) {
      problem(unit_name(id) + ": sig entry does not match the unit");
    }
    if (id >= unindexed_from_) {
      ++report_.unindexed_units;  // an import's: postings may be missing or partly merged
      return {};
    }
    src_postings_ += index.src_keys.size();
    tgt_postings_ += index.tgt_keys.size();
    TMKIT_RETURN_IF_ERROR(
        expect_postings("src_blocks", store_.src_grams, id, index.src_length, index.src_keys));
    return expect_postings("tgt_blocks", store_.tgt_grams, id, index.tgt_length, index.tgt_keys);
  }

  Status expect_postings(const char* name, Dbi dbi, std::uint64_t id, std::uint16_t length,
                         const std::vector<std::pair<std::uint32_t, std::uint32_t>>& keys) {
    for (const auto& [gram, count] : keys) {
      const auto occurrences = static_cast<std::uint8_t>(std::min(count, 255u));
      TMKIT_ASSIGN_OR_RETURN(
          const bool found,
          detail::has_posting(txn_, dbi, gram, detail::pack_posting({length, id, occurrences})));
      if (!found) {
        problem(unit_name(id) + ": no " + name + " entry (key " +
                hex(detail::encode_gram_key(gram)) + ")");
      }
    }
    return {};
  }

  Status check_units() {
    TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn_, store_.units));
    TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_FIRST));
    for (; entry; ++report_.units) {
      const Result<std::uint64_t> id = detail::parse_unit_key(entry->key);
      if (!id.ok()) {
        problem("units: key " + hex(entry->key) + " is not an 8-byte id");
      } else {
        ids_.push_back(*id);
        const Result<TranslationUnit> unit = detail::decode_unit(entry->value);
        if (!unit.ok()) {
          problem(unit_name(*id) + ": " + unit.status().message());
        } else {
          TMKIT_RETURN_IF_ERROR(check_index_of(*id, *unit));
        }
      }
      TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT));
    }
    return {};
  }

  Status check_next_id() {
    TMKIT_ASSIGN_OR_RETURN(const auto value, txn_.get(store_.meta, "next_id"));
    if (!value || ids_.empty()) return {};
    const Result<std::uint64_t> next = detail::parse_unit_key(*value);
    if (!next.ok() || *next <= ids_.back()) {
      problem("meta: next_id is not above the last unit id " + std::to_string(ids_.back()));
    }
    return {};
  }

  void expect_count(const char* name, std::size_t found, std::optional<std::size_t> expected) {
    if (expected && found != *expected) {
      problem(std::string(name) + ": " + std::to_string(found) + " entries, expected " +
              std::to_string(*expected));
    }
  }

  // The units of one dedupe key that are equal by their dedupe key (collisions aside).
  Status check_duplicates(const std::string& key, const std::vector<std::uint64_t>& group) {
    std::vector<std::pair<std::string, std::uint64_t>> keys;
    for (std::uint64_t id : group) {
      TMKIT_ASSIGN_OR_RETURN(const auto record, txn_.get(store_.units, detail::unit_key(id)));
      if (!record) continue;
      const Result<TranslationUnit> unit = detail::decode_unit(*record);
      if (!unit.ok()) continue;
      TMKIT_ASSIGN_OR_RETURN(std::string dedupe, detail::dedupe_key_of(*unit));
      keys.emplace_back(std::move(dedupe), id);
    }
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 1; i < keys.size(); ++i) {
      if (keys[i].first == keys[i - 1].first) {
        problem(unit_name(keys[i].second) + ": a duplicate of " + unit_name(keys[i - 1].second) +
                " (dedupe key " + hex(key) + ")");
      }
    }
    return {};
  }

  // dedupe/sources (each two trees): hash -> unit ids. Every id must be a unit, in one of the
  // trees only; dedupe groups must not hold two units with the same dedupe key.
  Status check_id_index(const char* name, detail::HashIndex index, std::size_t expected,
                        bool dedupe) {
    TMKIT_ASSIGN_OR_RETURN(detail::HashIndexScan scan, detail::HashIndexScan::open(txn_, index));
    TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, scan.next());
    std::size_t found = 0;
    std::string group_key;
    std::vector<std::uint64_t> group;
    while (entry) {
      ++found;
      if (entry->key != group_key) {
        if (dedupe && group.size() > 1) TMKIT_RETURN_IF_ERROR(check_duplicates(group_key, group));
        group_key = std::string(entry->key);
        group.clear();
      }
      const Result<std::uint64_t> id = detail::parse_unit_key(entry->value);
      if (!id.ok() || !has_unit(*id)) {
        problem(std::string(name) + ": entry " + hex(entry->key) + " -> " + hex(entry->value) +
                " points to no unit");
      } else if (!group.empty() && group.back() == *id) {
        problem(std::string(name) + ": entry " + hex(entry->key) + " -> " + hex(entry->value) +
                " is in both " + name + " and " + name + "_recent");
      } else {
        group.push_back(*id);
      }
      TMKIT_ASSIGN_OR_RETURN(entry, scan.next());
    }
    if (dedupe && group.size() > 1) TMKIT_RETURN_IF_ERROR(check_duplicates(group_key, group));
    report_.index_entries += found;
    expect_count(name, found, expected);
    return {};
  }

  // sig/usage: unit id -> value.
  Status check_keyed_by_id(const char* name, Dbi dbi, std::optional<std::size_t> expected) {
    TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn_, dbi));
    TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_FIRST));
    std::size_t found = 0;
    while (entry) {
      ++found;
      const Result<std::uint64_t> id = detail::parse_unit_key(entry->key);
      if (!id.ok() || !has_unit(*id)) {
        problem(std::string(name) + ": entry " + hex(entry->key) + " belongs to no unit");
      }
      TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT));
    }
    report_.index_entries += found;
    expect_count(name, found, expected);
    return {};
  }

  // What check_postings knows of the key whose blocks it reads.
  struct PostingKeyCheck {
    explicit PostingKeyCheck(const char* db) : name(db) {}
    void start(const detail::BlockKey& key, std::string_view count_bytes) {
      current = key.key;
      count_size_wrong = count_bytes.size() != 8;
      declared = count_size_wrong ? 0 : detail::read_packed_posting(count_bytes.data());
      counted = 0;
      last.reset();
      started = true;
    }
    // What is wrong with a block, if anything.
    std::optional<std::string> take_block(const detail::BlockKey& key, std::string_view value) {
      if (!started || key.key != current) return "has no count";
      const std::size_t n = value.size() / 8;
      if (value.size() % 8 != 0 || n == 0 || n > detail::kBlockPostings) {
        return "holds " + std::to_string(value.size()) + " bytes";
      }
      std::uint64_t previous = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t p = detail::read_packed_posting(value.data() + 8 * i);
        if ((i > 0 && p <= previous) || p < *key.lower || (last && p <= *last)) {
          return std::string("is out of order");
        }
        previous = p;
      }
      last = previous;
      counted += n;
      return std::nullopt;
    }
    const char* name;
    std::uint32_t current = 0;
    std::uint64_t declared = 0;
    std::uint64_t counted = 0;
    std::optional<std::uint64_t> last;  // the key's last posting read so far
    bool started = false;
    bool count_size_wrong = false;
  };

  void check_posting_entry(PostingKeyCheck& key_check, const KeyValue& entry, std::size_t& found) {
    const std::string name = key_check.name;
    const std::optional<detail::BlockKey> key = detail::parse_block_key(entry.key);
    if (!key) {
      problem(name + ": entry " + hex(entry.key) + " has the wrong size");
      return;
    }
    if (!key->lower) {
      finish(key_check);
      key_check.start(*key, entry.value);
      if (key_check.count_size_wrong) {
        problem(name + ": the count of key " + hex(entry.key) + " is not 8 bytes");
      }
      return;
    }
    const std::string gram = hex(entry.key.substr(0, 4));
    if (const std::optional<std::string> wrong = key_check.take_block(*key, entry.value)) {
      problem(name + ": block of key " + gram + " " + *wrong);
      return;
    }
    for (std::size_t at = 0; at < entry.value.size(); at += 8) {
      const std::uint64_t id = detail::decode_posting(entry.value.data() + at).id;
      if (!has_unit(id)) {
        problem(name + ": posting of key " + gram + " points to missing " + unit_name(id));
      } else if (id >= unindexed_from_) {
        ++report_.index_entries;  // not counted: the expected count leaves these units out
      } else {
        ++found;
      }
    }
  }

  // Every posting points to a unit; each key's blocks hold sorted postings within their
  // bounds, as many as the key's count says.
  Status check_postings(const char* name, Dbi dbi, std::size_t expected) {
    TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn_, dbi));
    TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_FIRST));
    PostingKeyCheck key_check(name);
    std::size_t found = 0;
    while (entry) {
      check_posting_entry(key_check, *entry, found);
      TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT));
    }
    finish(key_check);
    report_.index_entries += found;
    expect_count(name, found, expected);
    return {};
  }

  void finish(const PostingKeyCheck& key_check) {
    if (!key_check.started || key_check.count_size_wrong || key_check.declared == key_check.counted)
      return;
    problem(std::string(key_check.name) + ": key " +
            hex(detail::encode_gram_key(key_check.current)) + " counts " +
            std::to_string(key_check.declared) + " postings, its blocks hold " +
            std::to_string(key_check.counted));
  }

  const TmStore& store_;
  const Txn& txn_;
  CheckReport& report_;
  std::size_t max_problems_;
  std::vector<std::uint64_t> ids_;             // in key order, so sorted
  std::uint64_t unindexed_from_ = UINT64_MAX;  // tm_deferred.hpp
  std::size_t src_postings_ = 0;
  std::size_t tgt_postings_ = 0;
};

}  // namespace

Result<CheckReport> TranslationMemory::check(std::size_t max_problems) const {
  CheckReport report;
  TMKIT_ASSIGN_OR_RETURN(const detail::ReadTxn txn, impl_->store.env.begin_read());
  TMKIT_RETURN_IF_ERROR(Checker(impl_->store, txn, report, max_problems).run());
  return report;
}

}  // namespace tmkit
