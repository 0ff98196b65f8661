// The deferred index: the units an import stores are indexed once, at its end, by merging
// sorted runs of their postings into src_blocks/tgt_blocks in key order, instead of each batch
// updating postings across the whole index (which copies every index page it touches, once per
// batch: most of an import's time and memory). Private to memory/.
//
// State in meta:
//   unindexed_from        8-byte id F: units with an id >= F may lack postings. lookup() and
//                         concordance() ignore the postings of such ids and scan those units
//                         instead, so their answers stay the same while an import runs, or after
//                         one was killed.
//   index_merged_through  during a merge, u64 big-endian (side << 32 | key), side 0 = sources,
//                         1 = targets: the last key whose postings of units >= F are written.
// Files: <tm>/index-runs/ holds the runs of the one process that defers, which holds an
// exclusive flock(2) on <tm>/index-runs.lock; another writer meanwhile indexes in place (its
// postings are simply ignored until F is cleared).
//
// An import killed before its merge ends leaves F set and its runs unusable. The next process
// that defers (any import) keeps that F, stores its own units, and at its end rebuilds the
// ended import's runs from the stored units and merges them with its own (leaving out of those
// the postings of the keys merged already). So each import stores its units before any
// merge, and a TM whose imports keep being killed while merging still grows.
#pragma once

#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>

#include "lmdb_env.hpp"
#include "tm_index.hpp"
#include "tm_store.hpp"

namespace tmkit::detail {

// An exclusive flock(2) on a file, released when destroyed (or when the process dies).
class FileLock {
 public:
  FileLock() = default;
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

  // Takes the lock on `path` (created if missing) without waiting: false when another open
  // file description holds it, or the file system cannot lock.
  Result<bool> try_lock(const std::filesystem::path& path);

 private:
  int fd_ = -1;
};

struct DeferredIndex {
  FileLock lock;
  std::filesystem::path dir;  // the run files
  const char* prefix = "run";
  std::uint64_t from = 0;  // F: the first id stored while deferring, or an ended import's F
  // [from, rebuilt_until): an ended import's units, whose runs the merge rebuilds; the keys up
  // to done_through of those were merged before it ended.
  std::uint64_t rebuilt_until = 0;
  std::optional<std::uint64_t> done_through;
  // Whether meta holds F: an ended import's, or written with the first units stored while
  // deferring (record_deferral), so that an import that stores nothing costs no commit.
  bool recorded = false;
  std::size_t runs = 0;                               // run files written or being written
  std::size_t merge_postings = std::size_t{1} << 21;  // per transaction of the merge
  std::size_t run_postings = std::size_t{1} << 20;    // per run, unless a transaction has more
  PostingBuffer pending;                              // of committed units, not in a run yet
  // The run being sorted and written by a thread of its own, so that the thread that stores
  // units goes on meanwhile (sorting and writing runs was a tenth of its time).
  std::future<Status> writing;
  RunFiles run_files(std::size_t run) const;

  // Takes the postings of a committed transaction; writes a run once there are enough, so
  // that small transactions (less memory) do not make many small runs. A run is not durable,
  // nor needs to be: the runs of a killed import are rebuilt from its committed units. A run
  // that could not be written fails a later take(), or write_pending().
  Status take(PostingBuffer&& postings);
  // Starts writing what is pending as a run, once the run before is written.
  Status start_run();
  // Writes what is pending as a run, and waits until every run is written.
  Status write_pending();
  // Forgets the postings taken so far (their units were all removed).
  Status discard();
};

// Defers the index of the units stored from now on, unless another process defers already
// (then nullptr: index in place); takes over a deferral that an ended process left.
Result<std::unique_ptr<DeferredIndex>> begin_deferred_index(TmStore& store);

// Merges the runs (and those of an ended import's units, rebuilt) into the index, clears F and
// removes the run files.
Status finish_deferred_index(TmStore& store, DeferredIndex& deferred);

// Writes F into meta in the transaction of the first units stored while deferring.
Status record_deferral(const TmStore& store, WriteTxn& txn, const DeferredIndex& deferred);

// F, when units wait for their postings.
Result<std::optional<std::uint64_t>> read_unindexed_from(const TmStore& store, const Txn& txn);

// Forgets a deferral (for reindex, which rebuilds every posting).
Status clear_deferred_state(const TmStore& store, WriteTxn& txn);

}  // namespace tmkit::detail
