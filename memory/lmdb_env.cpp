#include "lmdb_env.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

namespace tmkit::detail {
namespace {

// LMDB never writes through the key or value pointers of the calls we make; its C API just
// lacks const.
MDB_val to_val(std::string_view bytes) {
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

// mdb_cursor_count's count type: size_t in 0.9.24 (newer LMDBs have mdb_size_t).
using mdb_size_t_compat = std::size_t;

std::string_view from_val(const MDB_val& val) {
  return {static_cast<const char*>(val.mv_data), val.mv_size};
}

}  // namespace

Status lmdb_error(std::string_view operation, int rc) {
  return Status::storage("lmdb: " + std::string(operation) + ": " + mdb_strerror(rc));
}

// ---- Txn -------------------------------------------------------------------------------------

Txn::Txn(Txn&& other) noexcept : txn_(std::exchange(other.txn_, nullptr)) {}

Txn::~Txn() { abort(); }

void Txn::abort() noexcept {
  if (txn_ != nullptr) mdb_txn_abort(std::exchange(txn_, nullptr));
}

Result<std::optional<std::string_view>> Txn::get(Dbi dbi, std::string_view key) const {
  MDB_val k = to_val(key);
  MDB_val v{};
  const int rc = mdb_get(txn_, dbi.handle, &k, &v);
  if (rc == MDB_NOTFOUND) return std::optional<std::string_view>();
  if (rc != 0) return lmdb_error("mdb_get", rc);
  return std::optional<std::string_view>(from_val(v));
}

Result<MDB_stat> Txn::stat(Dbi dbi) const {
  MDB_stat stat{};
  const int rc = mdb_stat(txn_, dbi.handle, &stat);
  if (rc != 0) return lmdb_error("mdb_stat", rc);
  return stat;
}

Result<std::uint64_t> Txn::bytes(Dbi dbi) const {
  TMKIT_ASSIGN_OR_RETURN(const MDB_stat stat, this->stat(dbi));
  return std::uint64_t{stat.ms_psize} *
         (std::uint64_t{stat.ms_branch_pages} + stat.ms_leaf_pages + stat.ms_overflow_pages);
}

Result<std::uint64_t> Txn::pages(Dbi dbi) const {
  TMKIT_ASSIGN_OR_RETURN(const MDB_stat stat, this->stat(dbi));
  return std::uint64_t{stat.ms_branch_pages} + stat.ms_leaf_pages + stat.ms_overflow_pages;
}

Result<std::uint64_t> Txn::entries(Dbi dbi) const {
  if (!dbi.exists) return std::uint64_t{0};
  TMKIT_ASSIGN_OR_RETURN(const MDB_stat stat, this->stat(dbi));
  return std::uint64_t{stat.ms_entries};
}

Result<std::uint64_t> Txn::used_bytes() const {
  MDB_env* env = mdb_txn_env(txn_);
  MDB_envinfo info{};
  MDB_stat stat{};
  int rc = mdb_env_info(env, &info);
  if (rc == 0) rc = mdb_env_stat(env, &stat);
  if (rc != 0) return lmdb_error("mdb_env_info", rc);
  // The free list (database 0): each record is an ID list whose first word is its length.
  MDB_cursor* raw = nullptr;
  rc = mdb_cursor_open(txn_, 0, &raw);
  if (rc != 0) return lmdb_error("mdb_cursor_open (free list)", rc);
  std::unique_ptr<MDB_cursor, decltype(&mdb_cursor_close)> cursor(raw, &mdb_cursor_close);
  std::uint64_t free_pages = 0;
  MDB_val k{};
  MDB_val v{};
  while ((rc = mdb_cursor_get(raw, &k, &v, MDB_NEXT)) == 0) {
    std::size_t count = 0;
    if (v.mv_size >= sizeof count) std::memcpy(&count, v.mv_data, sizeof count);
    free_pages += count;
  }
  if (rc != MDB_NOTFOUND) return lmdb_error("mdb_cursor_get (free list)", rc);
  const std::uint64_t pages = std::uint64_t{info.me_last_pgno} + 1;
  return (pages > free_pages ? pages - free_pages : 0) * stat.ms_psize;
}

ReadTxn::ReadTxn(MDB_txn* txn, int* open_readers) : Txn(txn), open_readers_(open_readers) {
  ++*open_readers_;
}

ReadTxn::ReadTxn(ReadTxn&& other) noexcept
    : Txn(std::move(other)), open_readers_(std::exchange(other.open_readers_, nullptr)) {}

ReadTxn::~ReadTxn() {
  // End the transaction before telling the Env it may grow the map again.
  abort();
  if (open_readers_ != nullptr) --*open_readers_;
}

Status WriteTxn::check(std::string_view operation, int rc) {
  if (rc == MDB_MAP_FULL) map_full_ = true;
  if (rc == MDB_TXN_FULL) txn_full_ = true;
  return rc == 0 ? Status() : lmdb_error(operation, rc);
}

Status WriteTxn::put(Dbi dbi, std::string_view key, std::string_view value, unsigned int flags) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  return check("mdb_put", mdb_put(txn_, dbi.handle, &k, &v, flags));
}

Status WriteTxn::put(Cursor& cursor, std::string_view key, std::string_view value,
                     unsigned int flags) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  return check("mdb_cursor_put", mdb_cursor_put(cursor.cursor_, &k, &v, flags));
}

Result<bool> WriteTxn::del(Dbi dbi, std::string_view key, std::optional<std::string_view> value) {
  MDB_val k = to_val(key);
  MDB_val v = value ? to_val(*value) : MDB_val{};
  const int rc = mdb_del(txn_, dbi.handle, &k, value ? &v : nullptr);
  if (rc == MDB_NOTFOUND) return false;
  TMKIT_RETURN_IF_ERROR(check("mdb_del", rc));
  return true;
}

Status WriteTxn::clear(Dbi dbi) { return check("mdb_drop", mdb_drop(txn_, dbi.handle, 0)); }

Result<bool> WriteTxn::drop_database(const std::string& name) {
  MDB_dbi handle = 0;
  const int rc = mdb_dbi_open(txn_, name.c_str(), 0, &handle);
  if (rc == MDB_NOTFOUND) return false;
  TMKIT_RETURN_IF_ERROR(check("mdb_dbi_open " + name, rc));
  TMKIT_RETURN_IF_ERROR(check("mdb_drop " + name, mdb_drop(txn_, handle, 1)));
  return true;
}

Status WriteTxn::commit() && {
  // mdb_txn_commit frees the transaction even when it fails, so it must not be aborted later.
  MDB_txn* txn = std::exchange(txn_, nullptr);
  return check("mdb_txn_commit", mdb_txn_commit(txn));
}

// ---- Cursor ----------------------------------------------------------------------------------

Result<Cursor> Cursor::open(const Txn& txn, Dbi dbi) {
  MDB_cursor* cursor = nullptr;
  const int rc = mdb_cursor_open(txn.txn_, dbi.handle, &cursor);
  if (rc != 0) return lmdb_error("mdb_cursor_open", rc);
  return Cursor(cursor);
}

Cursor::Cursor(Cursor&& other) noexcept : cursor_(std::exchange(other.cursor_, nullptr)) {}

Cursor::~Cursor() {
  if (cursor_ != nullptr) mdb_cursor_close(cursor_);
}

Result<std::optional<KeyValue>> Cursor::move(MDB_cursor_op op, std::string_view key) {
  MDB_val k = to_val(key);
  MDB_val v{};
  const int rc = mdb_cursor_get(cursor_, &k, &v, op);
  if (rc == MDB_NOTFOUND) return std::optional<KeyValue>();
  if (rc != 0) return lmdb_error("mdb_cursor_get", rc);
  return std::optional<KeyValue>(KeyValue{from_val(k), from_val(v)});
}

Result<std::optional<KeyValue>> Cursor::move(MDB_cursor_op op, std::string_view key,
                                             std::string_view value) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  const int rc = mdb_cursor_get(cursor_, &k, &v, op);
  if (rc == MDB_NOTFOUND) return std::optional<KeyValue>();
  if (rc != 0) return lmdb_error("mdb_cursor_get", rc);
  return std::optional<KeyValue>(KeyValue{from_val(k), from_val(v)});
}

Result<std::size_t> Cursor::count() const {
  mdb_size_t_compat n = 0;
  const int rc = mdb_cursor_count(cursor_, &n);
  if (rc != 0) return lmdb_error("mdb_cursor_count", rc);
  return static_cast<std::size_t>(n);
}

Status Cursor::del() {
  const int rc = mdb_cursor_del(cursor_, 0);
  if (rc != 0) return lmdb_error("mdb_cursor_del", rc);
  return {};
}

// ---- Env -------------------------------------------------------------------------------------

Env::Env(MDB_env* env) : env_(env), open_readers_(std::make_unique<int>(0)) {}

Env::Env(Env&& other) noexcept
    : env_(std::exchange(other.env_, nullptr)),
      dbis_(std::move(other.dbis_)),
      read_only_(other.read_only_),
      lock_free_(other.lock_free_),
      max_map_growths_(other.max_map_growths_),
      data_file_(std::move(other.data_file_)),
      map_ranges_(std::move(other.map_ranges_)),
      open_readers_(std::move(other.open_readers_)) {}

Env& Env::operator=(Env&& other) noexcept {
  if (this != &other) {
    if (env_ != nullptr) mdb_env_close(env_);
    env_ = std::exchange(other.env_, nullptr);
    dbis_ = std::move(other.dbis_);
    read_only_ = other.read_only_;
    lock_free_ = other.lock_free_;
    max_map_growths_ = other.max_map_growths_;
    data_file_ = std::move(other.data_file_);
    map_ranges_ = std::move(other.map_ranges_);
    open_readers_ = std::move(other.open_readers_);
  }
  return *this;
}

Env::~Env() {
  if (env_ != nullptr) mdb_env_close(env_);
}

Result<Env> Env::open_with(const std::filesystem::path& dir, const EnvOptions& options,
                           unsigned int flags, int& open_rc) {
  open_rc = 0;
  MDB_env* raw = nullptr;
  int rc = mdb_env_create(&raw);
  if (rc != 0) return lmdb_error("mdb_env_create", rc);
  // From here `env` owns the handle: LMDB requires mdb_env_close even after a failed open.
  Env env(raw);
  env.read_only_ = options.read_only;
  env.lock_free_ = (flags & MDB_NOLOCK) != 0;
  env.max_map_growths_ = options.max_map_growths;
  // Both must be set before mdb_env_open.
  rc = mdb_env_set_mapsize(raw, options.map_size);
  if (rc != 0) return lmdb_error("mdb_env_set_mapsize", rc);
  // One more than named: WriteTxn::drop_database opens a database that is not among them.
  rc = mdb_env_set_maxdbs(raw, static_cast<MDB_dbi>(options.dbs.size() + 1));
  if (rc != 0) return lmdb_error("mdb_env_set_maxdbs", rc);
  open_rc = mdb_env_open(raw, dir.c_str(), flags, 0664);
  if (open_rc != 0) return lmdb_error("mdb_env_open", open_rc);
  return env;
}

Result<Env> Env::open(const std::filesystem::path& dir, const EnvOptions& options) {
  // MDB_NOTLS ties read slots to transactions, not threads, so a for_each_unit callback may
  // open a second read transaction (a lookup) on the same thread.
  const unsigned int flags = MDB_NOTLS | (options.read_only ? MDB_RDONLY : 0u);
  int open_rc = 0;
  Result<Env> opened = open_with(dir, options, flags, open_rc);
  // Even MDB_RDONLY opens lock.mdb for writing (LMDB only tolerates EROFS): a reader without
  // write permission on the directory gets EACCES. A failed mdb_env_open leaves the handle
  // unusable, so the retry starts from a new one.
  const bool no_permission = open_rc == EACCES || open_rc == EPERM;
  if (!opened.ok() && no_permission && options.read_only && options.lock_free_fallback) {
    opened = open_with(dir, options, flags | MDB_NOLOCK, open_rc);
  }
  if (!opened.ok()) return opened.status();
  Env env = std::move(opened).value();
  // Free reader slots of processes that died, so they do not pin old pages forever (a no-op
  // without a lock file).
  int dead_readers = 0;
  const int rc = mdb_reader_check(env.env_, &dead_readers);
  if (rc != 0) return lmdb_error("mdb_reader_check", rc);
  TMKIT_RETURN_IF_ERROR(env.open_dbs(options));
  std::error_code error;
  env.data_file_ = std::filesystem::canonical(dir / "data.mdb", error).string();
  if (error)
    return Status::storage("lmdb: " + (dir / "data.mdb").string() + ": " + error.message());
  return env;
}

Status Env::open_dbs(const EnvOptions& options) {
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(env_, nullptr, read_only_ ? MDB_RDONLY : 0u, &raw);
  if (rc != 0) return lmdb_error("mdb_txn_begin", rc);
  std::unique_ptr<MDB_txn, decltype(&mdb_txn_abort)> txn(raw, &mdb_txn_abort);
  const unsigned int create = options.create_dbs && !read_only_ ? MDB_CREATE : 0u;
  for (const DbSpec& spec : options.dbs) {
    MDB_dbi handle = 0;
    rc = mdb_dbi_open(raw, spec.name.empty() ? nullptr : spec.name.c_str(), spec.flags | create,
                      &handle);
    if (rc == MDB_NOTFOUND && spec.optional) {
      dbis_.push_back(Dbi{0, false});
      continue;
    }
    if (rc == MDB_NOTFOUND) return Status::storage("database '" + spec.name + "' does not exist");
    if (rc != 0) return lmdb_error("mdb_dbi_open '" + spec.name + "'", rc);
    dbis_.push_back(Dbi{handle});
  }
  // The handles become visible to other transactions only once this one commits.
  rc = mdb_txn_commit(txn.release());
  if (rc != 0) return lmdb_error("mdb_txn_commit", rc);
  return {};
}

Result<ReadTxn> Env::begin_read() const {
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &raw);
  if (rc == MDB_MAP_RESIZED && *open_readers_ == 0) {
    // Another process grew the map: adopt the size it wrote (0 = take it from the file).
    rc = set_map_size(0);
    if (rc == 0) rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &raw);
  }
  if (rc != 0) return lmdb_error("mdb_txn_begin (read)", rc);
  return ReadTxn(raw, open_readers_.get());
}

Status Env::copy_compact(const std::filesystem::path& dir) const {
  const int rc = mdb_env_copy2(env_, dir.c_str(), MDB_CP_COMPACT);
  if (rc != 0) return lmdb_error("mdb_env_copy2", rc);
  return {};
}

Status Env::find_map() const {
  // LMDB does not say where its map is (mdb_env_info's me_mapaddr is set only for
  // MDB_FIXEDMAP), so the mapping of data.mdb is found in /proc/self/maps, once per map size
  // (set_map_size forgets it: a new size moves the map).
  map_ranges_.clear();
  std::ifstream maps("/proc/self/maps");
  if (!maps) return Status::storage("lmdb: cannot read /proc/self/maps");
  for (std::string line; std::getline(maps, line);) {
    // "start-end perms offset dev inode   path"
    const std::size_t slash = line.find('/');
    if (slash == std::string::npos || line.compare(slash, std::string::npos, data_file_) != 0) {
      continue;
    }
    std::uintptr_t start = 0, end = 0;
    if (std::sscanf(line.c_str(), "%" SCNxPTR "-%" SCNxPTR, &start, &end) != 2 || end <= start) {
      return Status::storage("lmdb: unexpected /proc/self/maps line: " + line);
    }
    map_ranges_.emplace_back(start, end);
  }
  return {};
}

Status Env::release_resident_pages() const {
  if (map_ranges_.empty()) TMKIT_RETURN_IF_ERROR(find_map());
  for (const auto& [start, end] : map_ranges_) {
    if (madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED) != 0) {
      return Status::storage(std::string("lmdb: madvise(MADV_DONTNEED) on the map: ") +
                             std::strerror(errno));
    }
  }
  return {};
}

int Env::set_map_size(std::size_t size) const {
  map_ranges_.clear();
  return mdb_env_set_mapsize(env_, size);
}

Status Env::set_meta_sync(bool on) {
  const int rc = mdb_env_set_flags(env_, MDB_NOMETASYNC, on ? 0 : 1);
  if (rc != 0) return lmdb_error("mdb_env_set_flags", rc);
  return {};
}

Status Env::sync() {
  const int rc = mdb_env_sync(env_, 1);
  if (rc != 0) return lmdb_error("mdb_env_sync", rc);
  return {};
}

Result<WriteTxn> Env::begin_write() {
  if (read_only_) return Status::storage("lmdb: mdb_txn_begin (write): opened read-only");
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(env_, nullptr, 0, &raw);
  if (rc == MDB_MAP_RESIZED && *open_readers_ == 0) {
    rc = set_map_size(0);
    if (rc == 0) rc = mdb_txn_begin(env_, nullptr, 0, &raw);
  }
  if (rc != 0) return lmdb_error("mdb_txn_begin (write)", rc);
  return WriteTxn(raw);
}

Status Env::write(const std::function<Status(WriteTxn&)>& body) {
  for (int growths = 0;; ++growths) {
    {
      TMKIT_ASSIGN_OR_RETURN(WriteTxn txn, begin_write());
      Status status = body(txn);
      if (status.ok()) status = std::move(txn).commit();
      if (status.ok() || !txn.hit_map_full() || growths == max_map_growths_) return status;
    }  // the failed transaction is aborted here: the map may only grow with none open
    TMKIT_RETURN_IF_ERROR(grow_map());
  }
}

Status Env::grow_map() {
  if (*open_readers_ != 0) {
    return Status::storage("lmdb: map full, and it cannot grow while a read transaction is open");
  }
  MDB_envinfo info{};
  int rc = mdb_env_info(env_, &info);
  if (rc != 0) return lmdb_error("mdb_env_info", rc);
  rc = set_map_size(info.me_mapsize * 2);
  if (rc != 0) return lmdb_error("mdb_env_set_mapsize", rc);
  return {};
}

}  // namespace tmkit::detail
