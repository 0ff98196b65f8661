// Private RAII wrappers around the LMDB 0.9.24 C API (see STYLE.md section 3, "LMDB wrapping").
//
// The types here enforce LMDB's rules so the rest of memory/ cannot break them by accident:
// - Env sets the map size and the number of named databases before mdb_env_open, and opens
//   every named database once, in a transaction that is committed, because a DBI handle is
//   private to its transaction until commit.
// - ReadTxn and WriteTxn are distinct types; only WriteTxn has put(), so a write through a
//   read transaction does not compile. An uncommitted WriteTxn aborts in its destructor.
// - A Cursor must be destroyed before the transaction it reads ends: declare it after the
//   transaction, in an inner scope when the transaction is committed in the same function.
// - Values returned as std::string_view point into the map and live only until the
//   transaction ends (or, in a WriteTxn, until the next write). Copy them before that.
// - Every LMDB return code becomes a kStorage Status naming the operation and mdb_strerror.
// All types are move-only and belong to one thread at a time.
#pragma once

#include <lmdb.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/status.hpp"

namespace tmkit::detail {

// "lmdb: <operation>: <mdb_strerror(rc)>" as a kStorage Status.
Status lmdb_error(std::string_view operation, int rc);

// A named database handle. Valid for the lifetime of the Env that opened it.
struct Dbi {
  MDB_dbi handle = 0;
  // False for an optional database that a read-only open did not find: read it as empty.
  bool exists = true;
};

// A named database the Env opens, with its mdb_dbi_open flags (e.g. MDB_DUPSORT). An empty
// name is LMDB's main database, whose keys are the names of the named databases.
struct DbSpec {
  std::string name;
  unsigned int flags = 0;
  // Missing and not created (a read-only open): a Dbi with exists = false, not an error.
  bool optional = false;
};

struct EnvOptions {
  std::size_t map_size = std::size_t{64} << 20;
  bool read_only = false;
  // With read_only: when the lock file cannot be opened for writing (a directory or lock.mdb
  // the user may not write, EACCES/EPERM), open without LMDB's lock file (MDB_NOLOCK) instead
  // of failing. Readers then take no reader slot, so a writer in another process could reuse
  // pages they still read: only safe when no writer can run, which an unwritable directory
  // usually means. Ignored unless read_only.
  bool lock_free_fallback = false;
  // Create the named databases that do not exist yet (ignored when read_only).
  bool create_dbs = false;
  std::vector<DbSpec> dbs;
  // How many times one write may double the map before giving up. 32 doublings of even a
  // 64 KiB map exceed any disk, so reaching this means something else is wrong.
  int max_map_growths = 32;
};

struct KeyValue {
  std::string_view key;
  std::string_view value;
};

class Cursor;

// What both transaction types can do: read.
class Txn {
 public:
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  Txn& operator=(Txn&&) = delete;

  // Bytes of the pages in use in the whole environment: (last page number + 1 - pages on the
  // free list) times the page size, as of this transaction.
  Result<std::uint64_t> used_bytes() const;

  // mdb_stat of `dbi`: page size times (branch + leaf + overflow pages). For a DUPSORT
  // database this counts the main tree only, not the pages of its duplicate sub-trees.
  Result<std::uint64_t> bytes(Dbi dbi) const;
  // The same count of pages (branch + leaf + overflow).
  Result<std::uint64_t> pages(Dbi dbi) const;
  // The number of entries (every duplicate counted); 0 for a Dbi that does not exist.
  Result<std::uint64_t> entries(Dbi dbi) const;

  // The value stored under `key`, or nullopt when there is none.
  Result<std::optional<std::string_view>> get(Dbi dbi, std::string_view key) const;

 protected:
  explicit Txn(MDB_txn* txn) : txn_(txn) {}
  Result<MDB_stat> stat(Dbi dbi) const;  // mdb_stat
  Txn(Txn&& other) noexcept;
  ~Txn();
  void abort() noexcept;  // ends the transaction if still open; safe to call twice

  MDB_txn* txn_ = nullptr;

 private:
  friend class Cursor;
};

class ReadTxn final : public Txn {
 public:
  ReadTxn(ReadTxn&& other) noexcept;
  ~ReadTxn();

 private:
  friend class Env;
  ReadTxn(MDB_txn* txn, int* open_readers);
  int* open_readers_;  // the Env's count of live read transactions; see Env::grow_map
};

class WriteTxn final : public Txn {
 public:
  WriteTxn(WriteTxn&& other) noexcept = default;
  ~WriteTxn() = default;

  Status put(Dbi dbi, std::string_view key, std::string_view value, unsigned int flags = 0);
  // put() through `cursor`, opened on this transaction: LMDB looks for the key in the leaf the
  // cursor is on before searching from the root, so puts in key order skip most searches (and
  // MDB_APPEND's search for the last leaf, once the cursor is there).
  Status put(Cursor& cursor, std::string_view key, std::string_view value, unsigned int flags = 0);
  // Deletes `key` (every duplicate), or in a DUPSORT database only the pair (key, value) when
  // `value` is given. A missing entry is not an error: returns false.
  Result<bool> del(Dbi dbi, std::string_view key, std::optional<std::string_view> value = {});
  // Empties `dbi` (mdb_drop with del = 0); the handle stays valid.
  Status clear(Dbi dbi);
  // Deletes the named database `name`, one the Env did not open (a database an older schema
  // had): false when there is none.
  Result<bool> drop_database(const std::string& name);
  // Commits; the transaction has ended afterwards whether or not this succeeded.
  Status commit() &&;
  // True once an operation failed with MDB_MAP_FULL: the map must grow before a retry.
  bool hit_map_full() const { return map_full_; }
  // True once an operation failed with MDB_TXN_FULL: more dirty pages than one LMDB
  // transaction can hold; the same writes must be split over several transactions.
  bool hit_txn_full() const { return txn_full_; }
  // LMDB's transaction id: one more than the last committed write's. A writer that sees the
  // id it expects knows that no other process wrote since its own last commit.
  std::size_t id() const { return mdb_txn_id(txn_); }

 private:
  friend class Env;
  explicit WriteTxn(MDB_txn* txn) : Txn(txn) {}
  Status check(std::string_view operation, int rc);
  bool map_full_ = false;
  bool txn_full_ = false;
};

// A cursor over one database within one transaction (read or write).
class Cursor {
 public:
  static Result<Cursor> open(const Txn& txn, Dbi dbi);
  Cursor(Cursor&& other) noexcept;
  Cursor& operator=(Cursor&&) = delete;
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor();

  // Moves the cursor with `op` (MDB_FIRST, MDB_NEXT, MDB_LAST, MDB_SET_KEY, MDB_NEXT_DUP...);
  // `key` is used by the positioning ops. nullopt when there is no such entry.
  Result<std::optional<KeyValue>> move(MDB_cursor_op op, std::string_view key = {});
  // The same with a value, for MDB_GET_BOTH and MDB_GET_BOTH_RANGE.
  Result<std::optional<KeyValue>> move(MDB_cursor_op op, std::string_view key,
                                       std::string_view value);
  // The number of duplicates of the current key (DUPSORT databases).
  Result<std::size_t> count() const;
  // Deletes the entry at the cursor (one duplicate of a DUPSORT key); write transactions only.
  Status del();

 private:
  friend class WriteTxn;
  explicit Cursor(MDB_cursor* cursor) : cursor_(cursor) {}
  MDB_cursor* cursor_;
};

// An open LMDB environment with its named databases.
class Env {
 public:
  // Opens the environment in directory `dir`, which must exist, and the databases in
  // options.dbs, in that order. A database that does not exist (and is not created) fails
  // with kStorage.
  static Result<Env> open(const std::filesystem::path& dir, const EnvOptions& options);

  Env(Env&& other) noexcept;
  Env& operator=(Env&& other) noexcept;
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;
  ~Env();

  // The handle of options.dbs[index].
  Dbi dbi(std::size_t index) const { return dbis_.at(index); }
  bool read_only() const { return read_only_; }
  // True when opened with MDB_NOLOCK (EnvOptions::lock_free_fallback took effect).
  bool lock_free() const { return lock_free_; }

  Result<ReadTxn> begin_read() const;

  // Writes a compacted copy of the environment into directory `dir` (mdb_env_copy2 with
  // MDB_CP_COMPACT: free pages are left out). `dir` must exist and hold no data.mdb.
  Status copy_compact(const std::filesystem::path& dir) const;

  // madvise(MADV_DONTNEED) over the whole map: the pages leave this process's resident set and
  // stay in the page cache. Safe at any time: the map is a read-only shared file mapping (no
  // MDB_WRITEMAP), so a later access faults the same bytes back in.
  Status release_resident_pages() const;

  // Whether a commit also waits for its meta page to reach the disk (MDB_NOMETASYNC off). Off,
  // a commit costs one fsync instead of two, and a system crash (not a killed process) may undo
  // the last commits; the database stays consistent. sync() makes every commit durable.
  Status set_meta_sync(bool on);
  Status sync();

  // Runs `body` in a write transaction and commits it. When the map fills up, the
  // transaction is aborted, the map doubled, and `body` run again from the start, so `body`
  // must not keep state from an earlier attempt. Fails if a read transaction is open then,
  // because growing the map would move the memory its views point into.
  Status write(const std::function<Status(WriteTxn&)>& body);

 private:
  explicit Env(MDB_env* env);
  // One mdb_env_create + mdb_env_open with `flags`; the rc of mdb_env_open in `open_rc`.
  static Result<Env> open_with(const std::filesystem::path& dir, const EnvOptions& options,
                               unsigned int flags, int& open_rc);
  Status open_dbs(const EnvOptions& options);
  Result<WriteTxn> begin_write();
  Status grow_map();
  Status find_map() const;
  // mdb_env_set_mapsize; the map moves, so where it was is forgotten.
  int set_map_size(std::size_t size) const;

  MDB_env* env_ = nullptr;
  std::vector<Dbi> dbis_;
  bool read_only_ = false;
  bool lock_free_ = false;
  int max_map_growths_ = 0;
  // data.mdb's canonical path, as /proc/self/maps names the map (release_resident_pages).
  std::string data_file_;
  // Where the map is, once found (find_map); empty after its size changed.
  mutable std::vector<std::pair<std::uintptr_t, std::uintptr_t>> map_ranges_;
  // Heap-allocated so that ReadTxns keep a valid pointer when the Env is moved.
  std::unique_ptr<int> open_readers_;
};

}  // namespace tmkit::detail
