#include "tm_store.hpp"

#include <algorithm>
#include <numeric>
#include <system_error>

#include "record_codec.hpp"
#include "tokenize.hpp"

namespace tmkit::detail {
namespace {

constexpr std::string_view kSchemaKey = "schema_version";
constexpr std::string_view kNextIdKey = "next_id";
constexpr std::string_view kIndexVersionKey = "index_version";

}  // namespace

std::string encode_u32_be(std::uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i)
    out[static_cast<std::size_t>(3 - i)] = static_cast<char>((v >> (8 * i)) & 0xFFu);
  return out;
}

namespace {

// Whether `dir` should get a new, empty TM; errors for the cases where no TM can be opened.
Result<bool> check_directory(const std::filesystem::path& dir, const TmOptions& options) {
  std::error_code error;
  const bool may_create = options.create_if_missing && !options.read_only;
  const auto status = std::filesystem::status(dir, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_directory(status)) {
    return Status::storage("tm: " + dir.string() +
                           " is a file, not a translation memory directory");
  }
  if (!std::filesystem::exists(status)) {
    if (!may_create) return Status::io("tm: " + dir.string() + " does not exist");
    std::filesystem::create_directories(dir, error);
    if (error) return Status::io("tm: cannot create " + dir.string() + ": " + error.message());
    return true;
  }
  if (std::filesystem::exists(dir / "data.mdb", error)) return false;
  if (!may_create) return Status::storage("tm: no translation memory in " + dir.string());
  return true;
}

constexpr unsigned int kDupFixed = MDB_DUPSORT | MDB_DUPFIXED;

EnvOptions env_options(const TmOptions& options, bool create) {
  EnvOptions env;
  env.map_size = options.initial_map_size;
  env.read_only = options.read_only;
  // A TM in a directory this user may not write is still readable (see the Caveats).
  env.lock_free_fallback = options.read_only;
  env.create_dbs = create;
  env.dbs = {{"meta", 0},
             {"units", 0},
             {"dedupe", kDupFixed},
             {"sources", kDupFixed},
             {"usage", 0},
             {"sig", 0},
             {"src_blocks", 0},
             {"tgt_blocks", 0},
             // Added by schema 3: a schema 2 TM read without them reads them as empty.
             {"dedupe_recent", kDupFixed, true},
             {"sources_recent", kDupFixed, true}};
  return env;
}

Result<std::uint32_t> parse_version(std::optional<std::string_view> value) {
  if (!value) return Status::storage("tm: no schema version (not a tmkit translation memory?)");
  if (value->size() != 4) return Status::storage("tm: schema version is not 4 bytes");
  std::uint32_t version = 0;
  for (char c : *value) version = (version << 8) | static_cast<std::uint8_t>(c);
  return version;
}

struct StoredVersions {
  std::uint32_t schema = 0;
  std::uint32_t index = 0;
  // The directory holds an LMDB environment in which no TM was committed: a run that created
  // it was killed before its first commit (data.mdb exists from mdb_env_open on) or between
  // creating the databases and writing the schema. Nothing can be stored in it before the
  // schema, so it is safe to take for a new TM.
  bool unfinished = false;
};

std::vector<std::string> tm_database_names() {
  std::vector<std::string> names;
  for (const DbSpec& spec : env_options({}, false).dbs) names.push_back(spec.name);
  return names;
}

EnvOptions peek_options(const TmOptions& options, std::string name) {
  EnvOptions env;
  env.map_size = options.initial_map_size;
  env.read_only = true;
  // Only a read-only caller may do without the lock; a writer must fail on open as before.
  env.lock_free_fallback = options.read_only;
  env.dbs = {{std::move(name), 0}};
  return env;
}

// Keys of one database of the environment in `dir` (LMDB's main database for an empty name).
Result<std::vector<std::string>> database_keys(const std::filesystem::path& dir,
                                               const TmOptions& options, std::string name,
                                               std::size_t limit) {
  Result<Env> opened = Env::open(dir, peek_options(options, std::move(name)));
  if (!opened.ok()) return opened.status().with_context("tm: cannot open " + dir.string());
  TMKIT_ASSIGN_OR_RETURN(const ReadTxn txn, opened->begin_read());
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, opened->dbi(0)));
  std::vector<std::string> keys;
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_FIRST));
  while (entry && keys.size() < limit) {
    keys.emplace_back(entry->key);
    TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT));
  }
  return keys;
}

// Whether the environment in `dir` is a TM whose creation never committed its schema.
Result<bool> is_unfinished_tm(const std::filesystem::path& dir, const TmOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(const std::vector<std::string> names, database_keys(dir, options, "", 64));
  const std::vector<std::string> ours = tm_database_names();
  for (const std::string& name : names) {
    if (std::find(ours.begin(), ours.end(), name) == ours.end()) return false;
  }
  if (std::find(names.begin(), names.end(), "meta") == names.end()) return names.empty();
  TMKIT_ASSIGN_OR_RETURN(const std::vector<std::string> meta,
                         database_keys(dir, options, "meta", 1));
  return meta.empty();
}

// Reads the schema and index versions with only `meta` open, because an older schema lacks the
// other databases (and a read-only open cannot create them).
Result<StoredVersions> read_versions(const std::filesystem::path& dir, const TmOptions& options) {
  Result<Env> opened = Env::open(dir, peek_options(options, "meta"));
  if (!opened.ok()) return opened.status().with_context("tm: cannot open " + dir.string());
  TMKIT_ASSIGN_OR_RETURN(const ReadTxn txn, opened->begin_read());
  StoredVersions versions;
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> schema,
                         txn.get(opened->dbi(0), kSchemaKey));
  TMKIT_ASSIGN_OR_RETURN(versions.schema, parse_version(schema));
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> index,
                         txn.get(opened->dbi(0), kIndexVersionKey));
  versions.index = 1;  // written since version 2; TMs before it have none
  if (index) {
    TMKIT_ASSIGN_OR_RETURN(versions.index, parse_version(index));
  }
  return versions;
}

// Only a directory whose versions cannot be read may be an interrupted creation, so a good TM
// is opened once here, not once per check.
Result<StoredVersions> peek_versions(const std::filesystem::path& dir, const TmOptions& options) {
  Result<StoredVersions> versions = read_versions(dir, options);
  if (versions.ok()) return versions;
  const Result<bool> unfinished = is_unfinished_tm(dir, options);
  if (!unfinished.ok() || !*unfinished) return versions.status();
  StoredVersions none;
  none.unfinished = true;
  return none;
}

// Why an index of `version` (older than kIndexVersion) must be rebuilt.
std::string why_rebuild(std::uint32_t version) {
  // Version 1's postings and signatures hold other tokens: lookups would silently miss matches.
  if (version < 2) return "with an older tokeniser, and would miss matches";
  return "in an older layout (one entry per posting), which this tmkit does not read";
}

// A current schema whose index an older tmkit built.
Status check_index_version(std::uint32_t version, const TmOptions& options) {
  if (version > kIndexVersion) {
    return Status::unsupported("tm: index version " + std::to_string(version) +
                               " is newer than this tmkit's (" + std::to_string(kIndexVersion) +
                               ")");
  }
  if (version < kIndexVersion && (!options.allow_old_schema || options.read_only)) {
    return Status::unsupported("tm: its fuzzy-match index was built " + why_rebuild(version) +
                               " (index version " + std::to_string(version) + ", this tmkit's is " +
                               std::to_string(kIndexVersion) +
                               "); rebuild it in place with `tmkit reindex --tm PATH`");
  }
  return {};
}

Status check_schema(std::uint32_t version, const TmOptions& options) {
  if (version > TranslationMemory::kSchemaVersion) {
    return Status::unsupported("tm: schema version " + std::to_string(version) +
                               " is newer than this tmkit's (" +
                               std::to_string(TranslationMemory::kSchemaVersion) + ")");
  }
  if (version < kFirstIndexedSchema && !options.allow_old_schema) {
    return Status::unsupported("tm: schema version " + std::to_string(version) +
                               " has no fuzzy-match index (schema " +
                               std::to_string(TranslationMemory::kSchemaVersion) +
                               "); upgrade it in place with `tmkit reindex --tm PATH`");
  }
  if (version < kFirstIndexedSchema && options.read_only) {
    return Status::unsupported("tm: an old schema can only be opened read-write, to reindex it");
  }
  return {};
}

Status write_schema(TmStore& store) {
  return store.env.write([&](WriteTxn& txn) {
    TMKIT_RETURN_IF_ERROR(put_schema_version(store, txn, TranslationMemory::kSchemaVersion));
    return put_index_version(store, txn);
  });
}

}  // namespace

Result<TmStore> open_store(const std::filesystem::path& dir, const TmOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(bool create, check_directory(dir, options));
  bool upgrade = false;  // schema 2 opened read-write: gets the two databases of schema 3
  if (!create) {
    TMKIT_ASSIGN_OR_RETURN(const StoredVersions versions, peek_versions(dir, options));
    if (versions.unfinished) {
      if (!options.create_if_missing || options.read_only) {
        return Status::storage("tm: " + dir.string() +
                               " holds no committed translation memory (its creation was "
                               "interrupted); an import into it starts it afresh");
      }
      create = true;
    } else {
      TMKIT_RETURN_IF_ERROR(check_schema(versions.schema, options).with_context(dir.string()));
      if (versions.schema >= kFirstIndexedSchema) {
        TMKIT_RETURN_IF_ERROR(
            check_index_version(versions.index, options).with_context(dir.string()));
      }
      upgrade = versions.schema == kFirstIndexedSchema && !options.read_only;
    }
  }
  // An old schema (allowed only read-write) gets its missing databases created here.
  Result<Env> env = Env::open(dir, env_options(options, !options.read_only));
  if (!env.ok()) return env.status().with_context("tm: cannot open " + dir.string());
  TmStore store{dir, std::move(env).value(), {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  store.meta = store.env.dbi(0);
  store.units = store.env.dbi(1);
  store.dedupe = store.env.dbi(2);
  store.sources = store.env.dbi(3);
  store.usage = store.env.dbi(4);
  store.sig = store.env.dbi(5);
  store.src_grams = store.env.dbi(6);
  store.tgt_grams = store.env.dbi(7);
  store.dedupe_recent = store.env.dbi(8);
  store.sources_recent = store.env.dbi(9);
  if (create) TMKIT_RETURN_IF_ERROR(write_schema(store));
  if (upgrade) {
    TMKIT_RETURN_IF_ERROR(store.env.write([&](WriteTxn& txn) {
      return put_schema_version(store, txn, TranslationMemory::kSchemaVersion);
    }));
  }
  return store;
}

Status put_schema_version(const TmStore& store, WriteTxn& txn, std::uint32_t version) {
  return txn.put(store.meta, kSchemaKey, encode_u32_be(version));
}

Status put_index_version(const TmStore& store, WriteTxn& txn) {
  return txn.put(store.meta, kIndexVersionKey, encode_u32_be(kIndexVersion));
}

Result<std::uint32_t> read_index_version(const TmStore& store, const Txn& txn) {
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> value,
                         txn.get(store.meta, kIndexVersionKey));
  if (!value) return std::uint32_t{1};
  return parse_version(value);
}

Result<std::uint32_t> read_schema_version(const TmStore& store, const Txn& txn) {
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> value,
                         txn.get(store.meta, kSchemaKey));
  return parse_version(value);
}

Result<std::uint64_t> last_unit_id(const TmStore& store, const Txn& txn) {
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, store.units));
  TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> last, cursor.move(MDB_LAST));
  if (!last) return std::uint64_t{0};
  return parse_unit_key(last->key);
}

Result<std::uint64_t> next_unit_id(const TmStore& store, const Txn& txn) {
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> value,
                         txn.get(store.meta, kNextIdKey));
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t last, last_unit_id(store, txn));
  if (!value) return last + 1;
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t stored, parse_unit_key(*value));
  return std::max(stored, last + 1);
}

Status put_next_unit_id(const TmStore& store, WriteTxn& txn, std::uint64_t id) {
  return txn.put(store.meta, kNextIdKey, unit_key(id));
}

Result<std::uint32_t> use_count(const TmStore& store, const Txn& txn, std::uint64_t id) {
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> value,
                         txn.get(store.usage, unit_key(id)));
  if (!value) return std::uint32_t{1};
  if (value->size() != 4) return Status::storage("tm: use count is not 4 bytes");
  std::uint32_t count = 0;
  for (char c : *value) count = (count << 8) | static_cast<std::uint8_t>(c);
  return count;
}

Status scan_units(const TmStore& store, const Txn& txn,
                  const std::function<Status(std::uint64_t, TranslationUnit&&)>& visit) {
  return scan_unit_range(store, txn, 0, UINT64_MAX, visit);
}

Status scan_unit_range(const TmStore& store, const Txn& txn, std::uint64_t from,
                       std::uint64_t until,
                       const std::function<Status(std::uint64_t, TranslationUnit&&)>& visit) {
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, store.units));
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_SET_RANGE, unit_key(from)));
  TagCache tags;
  while (entry) {
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t id, parse_unit_key(entry->key));
    if (id >= until) break;
    TMKIT_ASSIGN_OR_RETURN(TranslationUnit unit, decode_unit(entry->value, &tags));
    TMKIT_RETURN_IF_ERROR(visit(id, std::move(unit)));
    TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT));
  }
  return {};
}

bool matches_languages(const TranslationUnit& unit, const LangTag& src_lang,
                       const LangTag& tgt_lang) {
  return (src_lang.empty() || unit.src_lang.same_language(src_lang)) &&
         (tgt_lang.empty() || unit.tgt_lang.same_language(tgt_lang));
}

}  // namespace tmkit::detail

namespace tmkit::detail {

HashIndex dedupe_index(const TmStore& store) { return {store.dedupe, store.dedupe_recent}; }
HashIndex sources_index(const TmStore& store) { return {store.sources, store.sources_recent}; }

Result<HashIndexScan> HashIndexScan::open(const Txn& txn, HashIndex index) {
  TMKIT_ASSIGN_OR_RETURN(Cursor main, Cursor::open(txn, index.main));
  std::optional<Cursor> recent;
  if (index.recent.exists) {
    TMKIT_ASSIGN_OR_RETURN(Cursor opened, Cursor::open(txn, index.recent));
    recent.emplace(std::move(opened));
  }
  HashIndexScan scan(std::move(main), std::move(recent));
  TMKIT_ASSIGN_OR_RETURN(scan.main_at_, scan.main_.move(MDB_FIRST));
  if (scan.recent_) {
    TMKIT_ASSIGN_OR_RETURN(scan.recent_at_, scan.recent_->move(MDB_FIRST));
  }
  return scan;
}

Result<std::optional<KeyValue>> HashIndexScan::next() {
  const auto before = [](const KeyValue& a, const KeyValue& b) {
    return a.key != b.key ? a.key < b.key : a.value <= b.value;
  };
  std::optional<KeyValue> out;
  if (main_at_ && (!recent_at_ || before(*main_at_, *recent_at_))) {
    out = main_at_;
    TMKIT_ASSIGN_OR_RETURN(main_at_, main_.move(MDB_NEXT));
  } else if (recent_at_) {
    out = recent_at_;
    TMKIT_ASSIGN_OR_RETURN(recent_at_, recent_->move(MDB_NEXT));
  }
  return out;
}

Result<std::vector<std::string>> ids_under(const Txn& txn, HashIndex index, std::string_view hash) {
  std::vector<std::string> ids;
  for (const Dbi dbi : {index.main, index.recent}) {
    if (!dbi.exists) continue;
    // Most hashes are in neither tree (every new unit): mdb_get needs no cursor to say so.
    TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> first, txn.get(dbi, hash));
    if (!first) continue;
    TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, dbi));
    TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_SET_KEY, hash));
    while (entry) {
      ids.emplace_back(entry->value);
      TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT_DUP));
    }
  }
  return ids;
}

Result<std::vector<bool>> hashes_present(const Txn& txn, HashIndex index,
                                         std::span<const std::string_view> hashes,
                                         std::size_t release_every,
                                         const std::function<Status()>& release) {
  std::vector<std::size_t> order(hashes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return hashes[a] < hashes[b]; });
  std::vector<bool> present(hashes.size(), false);
  std::size_t looked_up = 0;
  for (const Dbi dbi : {index.main, index.recent}) {
    if (!dbi.exists) continue;
    TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, dbi));
    for (const std::size_t i : order) {
      if (present[i]) continue;
      if (++looked_up % release_every == 0) TMKIT_RETURN_IF_ERROR(release());
      // MDB_SET_RANGE leaves the cursor on a leaf whether or not the hash is there (MDB_SET
      // may not), which is what lets the next lookup start from it.
      TMKIT_ASSIGN_OR_RETURN(const std::optional<KeyValue> at,
                             cursor.move(MDB_SET_RANGE, hashes[i]));
      if (!at) break;  // every later hash sorts after the tree's last key
      present[i] = at->key == hashes[i];
    }
  }
  return present;
}

Status erase_id(WriteTxn& txn, HashIndex index, std::string_view hash, std::string_view id) {
  for (const Dbi dbi : {index.main, index.recent}) {
    TMKIT_RETURN_IF_ERROR(txn.del(dbi, hash, id).status());
  }
  return {};
}

Result<std::size_t> count_variant_sources(const TmStore& store, const Txn& txn) {
  std::size_t groups = 0;
  TMKIT_ASSIGN_OR_RETURN(HashIndexScan scan, HashIndexScan::open(txn, sources_index(store)));
  std::string key;
  std::size_t units = 0;
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, scan.next());
  while (entry) {
    if (entry->key != key) {
      key = std::string(entry->key);
      units = 0;
    }
    if (++units == 2) ++groups;
    TMKIT_ASSIGN_OR_RETURN(entry, scan.next());
  }
  return groups;
}

std::array<std::pair<const char*, Dbi>, 9> data_databases(const TmStore& store) {
  return {{{"units", store.units},
           {"dedupe", store.dedupe},
           {"sources", store.sources},
           {"dedupe_recent", store.dedupe_recent},
           {"sources_recent", store.sources_recent},
           {"usage", store.usage},
           {"sig", store.sig},
           {"src_blocks", store.src_grams},
           {"tgt_blocks", store.tgt_grams}}};
}

Result<std::vector<std::pair<std::string, std::uint64_t>>> database_bytes(const TmStore& store,
                                                                          const Txn& txn) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const auto& [name, dbi] : data_databases(store)) {
    if (!dbi.exists) continue;
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t bytes, txn.bytes(dbi));
    out.emplace_back(name, bytes);
  }
  return out;
}

}  // namespace tmkit::detail
