#include "tm_store.hpp"

#include <system_error>

#include "record_codec.hpp"
#include "tokenize.hpp"

namespace tmkit::detail {
namespace {

constexpr std::string_view kSchemaKey = "schema_version";

std::string encode_u32_be(std::uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i)
    out[static_cast<std::size_t>(3 - i)] = static_cast<char>((v >> (8 * i)) & 0xFFu);
  return out;
}

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

EnvOptions env_options(const TmOptions& options, bool create) {
  EnvOptions env;
  env.map_size = options.initial_map_size;
  env.read_only = options.read_only;
  env.create_dbs = create;
  env.dbs = {{"meta", 0}, {"units", 0}, {"dedupe", MDB_DUPSORT | MDB_DUPFIXED}};
  return env;
}

Status check_schema(const TmStore& store) {
  TMKIT_ASSIGN_OR_RETURN(const ReadTxn txn, store.env.begin_read());
  TMKIT_ASSIGN_OR_RETURN(const std::uint32_t version, read_schema_version(store, txn));
  if (version > TranslationMemory::kSchemaVersion) {
    return Status::unsupported("tm: schema version " + std::to_string(version) +
                               " is newer than this tmkit's (" +
                               std::to_string(TranslationMemory::kSchemaVersion) + ")");
  }
  if (version < TranslationMemory::kSchemaVersion) {
    return Status::unsupported("tm: schema version " + std::to_string(version) +
                               " is older than this tmkit's, and there is no migration");
  }
  return {};
}

Status write_schema(TmStore& store) {
  return store.env.write([&](WriteTxn& txn) {
    return txn.put(store.meta, kSchemaKey, encode_u32_be(TranslationMemory::kSchemaVersion));
  });
}

}  // namespace

Result<TmStore> open_store(const std::filesystem::path& dir, const TmOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(const bool create, check_directory(dir, options));
  Result<Env> env = Env::open(dir, env_options(options, create));
  if (!env.ok()) return env.status().with_context("tm: cannot open " + dir.string());
  TmStore store{dir, std::move(env).value(), {}, {}, {}};
  store.meta = store.env.dbi(0);
  store.units = store.env.dbi(1);
  store.dedupe = store.env.dbi(2);
  if (create) {
    TMKIT_RETURN_IF_ERROR(write_schema(store));
  } else {
    TMKIT_RETURN_IF_ERROR(check_schema(store).with_context(dir.string()));
  }
  return store;
}

Result<std::uint32_t> read_schema_version(const TmStore& store, const Txn& txn) {
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> value,
                         txn.get(store.meta, kSchemaKey));
  if (!value) return Status::storage("tm: no schema version (not a tmkit translation memory?)");
  if (value->size() != 4) return Status::storage("tm: schema version is not 4 bytes");
  std::uint32_t version = 0;
  for (char c : *value) version = (version << 8) | static_cast<std::uint8_t>(c);
  return version;
}

Status scan_units(const TmStore& store, const Txn& txn,
                  const std::function<Status(std::uint64_t, std::string_view)>& visit) {
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, store.units));
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry, cursor.move(MDB_FIRST));
  while (entry) {
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t id, parse_unit_key(entry->key));
    TMKIT_RETURN_IF_ERROR(visit(id, entry->value));
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
