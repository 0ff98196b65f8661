#include "tm_deferred.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "posting_blocks.hpp"
#include "posting_runs.hpp"
#include "record_codec.hpp"

namespace tmkit::detail {
namespace {

constexpr std::string_view kUnindexedFromKey = "unindexed_from";
constexpr std::string_view kMergedThroughKey = "index_merged_through";

// Read buffers of all runs together, and the bounds of one run's.
constexpr std::size_t kMergeBufferBytes = std::size_t{32} << 20;
constexpr std::size_t kMinRunBuffer = std::size_t{64} << 10;
constexpr std::size_t kMaxRunBuffer = std::size_t{4} << 20;
// The most runs merged at once: a 2 GB TMX (7,000,000 units) makes about 280 runs of the
// default size, each side of which is merged in one pass.
constexpr std::size_t kMaxFanIn = 512;
// Ids read between two releases of the map's resident pages.
constexpr std::size_t kIdsPerRelease = 4096;

std::string big_endian64(std::uint64_t v) { return unit_key(v); }  // the same layout

Status storage_error(const std::string& what, const std::filesystem::path& path,
                     const std::error_code& error) {
  return Status::storage("tm: cannot " + what + " " + path.string() + ": " + error.message());
}

Status remove_directory(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::remove_all(dir, error);
  if (error) return storage_error("remove", dir, error);
  return {};
}

Status reset_directory(const std::filesystem::path& dir) {
  TMKIT_RETURN_IF_ERROR(remove_directory(dir));
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return storage_error("create", dir, error);
  return {};
}

// An 8-byte big-endian value of meta, if there is one.
Result<std::optional<std::uint64_t>> read_meta_u64(const TmStore& store, const Txn& txn,
                                                   std::string_view key) {
  TMKIT_ASSIGN_OR_RETURN(const auto value, txn.get(store.meta, key));
  if (!value) return std::optional<std::uint64_t>();
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t number, parse_unit_key(*value));
  return std::optional<std::uint64_t>(number);
}

// Writes the runs of units [from, until) as stored: what an ended import's runs held.
Status rebuild_runs(const TmStore& store, DeferredIndex& deferred, std::uint64_t from,
                    std::uint64_t until) {
  TMKIT_ASSIGN_OR_RETURN(const ReadTxn txn, store.env.begin_read());
  const Status scanned = scan_unit_range(
      store, txn, from, until, [&](std::uint64_t id, TranslationUnit&& unit) -> Status {
        TMKIT_ASSIGN_OR_RETURN(const UnitIndex index, index_unit(unit));
        PostingBuffer postings;
        postings.add(id, index);
        return deferred.take(std::move(postings));
      });
  if (!scanned.ok()) return scanned;
  return deferred.write_pending();
}

// Which ids >= F are stored, by their sig entries: a run still holds the postings of units
// removed since (replaced later in the import, or removed by another process).
class StoredIds {
 public:
  explicit StoredIds(std::uint64_t from) : from_(from) {}

  // Reads the ids unless no other writer committed since the last read (LMDB's transaction
  // ids then follow each other).
  Status refresh(const TmStore& store, WriteTxn& txn) {
    if (read_ && txn.id() == last_txn_ + 1) return {};
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t next, next_unit_id(store, txn));
    bits_.assign(next > from_ ? (next - from_) / 64 + 1 : 1, 0);
    TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, store.sig));
    TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry,
                           cursor.move(MDB_SET_RANGE, unit_key(from_)));
    for (std::size_t read = 1; entry; ++read) {
      TMKIT_ASSIGN_OR_RETURN(const std::uint64_t id, parse_unit_key(entry->key));
      const std::uint64_t bit = id - from_;
      if (bit / 64 < bits_.size()) bits_[bit / 64] |= std::uint64_t{1} << (bit % 64);
      // The kernel maps the pages around each one read (fault-around), which are mostly units:
      // unmapped as the scan goes, they do not pile up in the resident set (4x the sig pages).
      if (read % kIdsPerRelease == 0) TMKIT_RETURN_IF_ERROR(store.env.release_resident_pages());
      TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT));
    }
    read_ = true;
    return {};
  }
  // After the transaction that used the ids committed.
  void committed(std::size_t txn_id) { last_txn_ = txn_id; }

  bool stored(std::uint64_t id) const {
    if (id < from_) return true;
    const std::uint64_t bit = id - from_;
    return bit / 64 < bits_.size() && (bits_[bit / 64] >> (bit % 64) & 1u) != 0;
  }

 private:
  std::uint64_t from_;
  std::vector<std::uint64_t> bits_;
  bool read_ = false;
  std::size_t last_txn_ = 0;
};

// One transaction's worth of a merge: groups of a key's postings, in key order.
struct MergeGroup {
  std::uint64_t position;  // side << 32 | key
  std::size_t begin, size;
  bool complete;  // the key's last postings (a frequent key spans transactions)
};
struct MergeChunk {
  std::vector<MergeGroup> groups;
  std::vector<std::uint64_t> postings;
};

// Hands chunks from the thread that reads the runs to the one that writes them, and the
// written ones back to be filled again: two chunks in all (a chunk is megabytes), so that the
// reader fills one while the writer writes the other. Either side may stop; the other then
// stops too.
class ChunkQueue {
 public:
  // Reader: hands `chunk` over; false when the writer stopped.
  bool push(MergeChunk&& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || !full_; });
    if (stopped_) return false;
    full_ = std::move(chunk);
    changed_.notify_all();
    return true;
  }
  // Reader: an empty chunk to fill, new or given back (waiting for one); nullopt when the
  // writer stopped.
  std::optional<MergeChunk> empty_chunk() {
    std::unique_lock lock(mutex_);
    if (created_ < kChunks) {
      ++created_;
      return MergeChunk{};
    }
    changed_.wait(lock, [&] { return stopped_ || spare_.has_value(); });
    if (stopped_) return std::nullopt;
    std::optional<MergeChunk> out = std::exchange(spare_, std::nullopt);
    out->groups.clear();
    out->postings.clear();
    return out;
  }
  // Reader: no more chunks.
  void close() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  // Writer: the next chunk, or nullopt once the reader closed and every chunk was taken.
  std::optional<MergeChunk> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || full_.has_value(); });
    std::optional<MergeChunk> out = std::exchange(full_, std::nullopt);
    changed_.notify_all();
    return out;
  }
  // Writer: a written chunk, for the reader to fill again.
  void give_back(MergeChunk&& chunk) {
    const std::lock_guard lock(mutex_);
    spare_ = std::move(chunk);
    changed_.notify_all();
  }
  // Writer: gives up; the reader's next push or empty_chunk fails.
  void stop() {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }

 private:
  static constexpr int kChunks = 2;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<MergeChunk> full_;
  std::optional<MergeChunk> spare_;
  int created_ = 1;  // the reader's first chunk
  bool closed_ = false;
  bool stopped_ = false;
};

// Merges runs into the index in transactions of `chunk` postings, each
// recording in index_merged_through how far it got (every unit >= F has its postings of the
// keys up to there); the last one clears the deferral. A second thread reads and merges the
// runs while this one writes (about a third of the merge's time is reading).
class IndexMerge {
 public:
  // Units [from, rebuilt_until) are an ended import's, their runs rebuilt from the stored
  // units: their postings of keys up to `done_through` were merged before it ended, and some
  // others may be stored too (another writer's units indexed in place).
  IndexMerge(TmStore& store, std::uint64_t from, std::uint64_t rebuilt_until,
             std::optional<std::uint64_t> done_through, std::size_t chunk)
      : store_(store),
        rebuilt_until_(rebuilt_until),
        done_through_(done_through),
        stored_(from),
        chunk_(std::max<std::size_t>(chunk, 1)) {}

  Status run(const std::vector<RunFiles>& runs, const std::filesystem::path& dir) {
    ChunkQueue queue;
    MergeChunk rest;  // the last chunk, not full, written with the deferral's end
    Status read;
    std::thread reader([&] {
      read = read_runs(runs, dir, queue, rest);
      queue.close();
    });
    Status written;
    while (std::optional<MergeChunk> chunk = queue.pop()) {
      written = commit(*chunk, false);
      if (!written.ok()) {
        queue.stop();
        break;
      }
      queue.give_back(std::move(*chunk));
    }
    reader.join();
    TMKIT_RETURN_IF_ERROR(written);
    TMKIT_RETURN_IF_ERROR(read);
    return commit(rest, true);
  }

 private:
  // The reading thread: merges the runs of each side key by key into chunks for `queue`; the
  // last one, not full, is left in `rest`.
  Status read_runs(const std::vector<RunFiles>& runs, const std::filesystem::path& dir,
                   ChunkQueue& queue, MergeChunk& rest) const {
    MergeChunk chunk;
    for (std::uint32_t side = 0; side < 2; ++side) {
      std::vector<std::filesystem::path> paths;
      for (const RunFiles& files : runs) paths.push_back(side == 0 ? files.src : files.tgt);
      // Never more files open than kMaxFanIn (the file descriptor limit is often 1,024).
      TMKIT_ASSIGN_OR_RETURN(paths, reduce_runs(std::move(paths), kMaxFanIn,
                                                dir / (side == 0 ? "merged-src-" : "merged-tgt-"),
                                                kMergeBufferBytes / kMaxFanIn));
      const std::size_t buffer = std::clamp(
          kMergeBufferBytes / std::max<std::size_t>(paths.size(), 1), kMinRunBuffer, kMaxRunBuffer);
      TMKIT_ASSIGN_OR_RETURN(RunMerger merger, RunMerger::open(paths, buffer));
      std::uint32_t key = 0;
      std::vector<std::uint64_t> postings;
      while (true) {
        TMKIT_ASSIGN_OR_RETURN(const bool more, merger.next(key, postings, chunk_));
        if (!more) break;
        const std::uint64_t position = std::uint64_t{side} << 32 | key;
        if (done_through_ && position <= *done_through_) {
          std::erase_if(postings, [&](std::uint64_t p) {
            return ((p >> 8) & kMaxIndexedId) < rebuilt_until_;  // merged before
          });
        }
        TMKIT_RETURN_IF_ERROR(add_group(position, postings, !merger.key_continues(), chunk, queue));
      }
    }
    rest = std::move(chunk);
    return {};
  }

  // Adds postings of one key (its last ones when `last_piece`) to `chunk`, handing it to
  // `queue` whenever chunk_ postings are gathered: a key with more (a frequent word of
  // millions of units) is written over several transactions.
  Status add_group(std::uint64_t position, const std::vector<std::uint64_t>& postings,
                   bool last_piece, MergeChunk& chunk, ChunkQueue& queue) const {
    for (std::size_t at = 0; at < postings.size();) {
      if (chunk.postings.capacity() < chunk_) chunk.postings.reserve(chunk_);
      const std::size_t n = std::min(chunk_ - chunk.postings.size(), postings.size() - at);
      chunk.groups.push_back(
          {position, chunk.postings.size(), n, last_piece && at + n == postings.size()});
      chunk.postings.insert(chunk.postings.end(),
                            postings.begin() + static_cast<std::ptrdiff_t>(at),
                            postings.begin() + static_cast<std::ptrdiff_t>(at + n));
      at += n;
      if (chunk.postings.size() < chunk_) continue;
      std::optional<MergeChunk> next;
      if (queue.push(std::move(chunk))) next = queue.empty_chunk();
      if (!next) return Status::internal("tm: merge: writing stopped");
      chunk = std::move(*next);
    }
    return {};
  }

  // Writes the groups of `chunk`; `last` also clears the deferral.
  Status commit(const MergeChunk& chunk, bool last) {
    std::size_t txn_id = 0;
    const Status written = store_.env.write([&](WriteTxn& txn) -> Status {
      txn_id = txn.id();
      TMKIT_RETURN_IF_ERROR(stored_.refresh(store_, txn));
      TMKIT_ASSIGN_OR_RETURN(Appending appending, last_keys(txn));
      for (const MergeGroup& group : chunk.groups) {
        TMKIT_RETURN_IF_ERROR(put_group(txn, group, chunk.postings, appending));
      }
      if (last) return clear_deferred_state(store_, txn);
      const auto complete = std::find_if(chunk.groups.rbegin(), chunk.groups.rend(),
                                         [](const MergeGroup& group) { return group.complete; });
      if (complete == chunk.groups.rend()) return {};
      return txn.put(store_.meta, kMergedThroughKey, big_endian64(complete->position));
    });
    if (!written.ok()) return written;
    stored_.committed(txn_id);
    // As between an import's batches: the pages read stay in the page cache, not in this
    // process's resident set.
    return store_.env.release_resident_pages();
  }

  // Per side, the database's last key as this transaction began (nullopt: none).
  using Appending = std::array<std::optional<std::uint32_t>, 2>;
  Result<Appending> last_keys(const WriteTxn& txn) const {
    Appending out;
    for (std::uint32_t side = 0; side < 2; ++side) {
      TMKIT_ASSIGN_OR_RETURN(
          out[side], last_posting_key(txn, side == 0 ? store_.src_grams : store_.tgt_grams));
    }
    return out;
  }

  // Writes the postings of one group's units that are still stored. A key after the
  // database's last one is new, as every key of a new TM: its blocks are appended (MDB_APPEND
  // skips the search for their page).
  Status put_group(WriteTxn& txn, const MergeGroup& group,
                   const std::vector<std::uint64_t>& postings, Appending& appending) {
    const std::size_t side = group.position >> 32;
    const auto key = static_cast<std::uint32_t>(group.position);
    const Dbi dbi = side == 0 ? store_.src_grams : store_.tgt_grams;
    kept_.clear();
    for (std::size_t i = group.begin; i < group.begin + group.size; ++i) {
      if (stored_.stored((postings[i] >> 8) & kMaxIndexedId)) kept_.push_back(postings[i]);
    }
    if (kept_.empty()) return {};
    const bool append = !appending[side] || key > *appending[side];
    if (append) appending[side] = key;
    return insert_postings(txn, dbi, key, kept_, append);
  }

  TmStore& store_;
  std::uint64_t rebuilt_until_;
  std::optional<std::uint64_t> done_through_;
  StoredIds stored_;
  std::size_t chunk_;                // postings per transaction
  std::vector<std::uint64_t> kept_;  // of one group, those of units still stored
};

}  // namespace

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

Result<bool> FileLock::try_lock(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::storage("tm: cannot open " + path.string() + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    // Held elsewhere, or a file system without flock (some NFS): the caller indexes in place.
    if (error == EWOULDBLOCK || error == ENOLCK || error == EINVAL || error == EOPNOTSUPP) {
      return false;
    }
    return Status::storage("tm: cannot lock " + path.string() + ": " + std::strerror(error));
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  return true;
}

RunFiles DeferredIndex::run_files(std::size_t run) const {
  char name[32];
  std::snprintf(name, sizeof name, "%s-%06zu", prefix, run);
  return {dir / (std::string(name) + ".src"), dir / (std::string(name) + ".tgt")};
}

Result<std::optional<std::uint64_t>> read_unindexed_from(const TmStore& store, const Txn& txn) {
  return read_meta_u64(store, txn, kUnindexedFromKey);
}

Status record_deferral(const TmStore& store, WriteTxn& txn, const DeferredIndex& deferred) {
  if (deferred.recorded) return {};
  return txn.put(store.meta, kUnindexedFromKey, unit_key(deferred.from));
}

Status clear_deferred_state(const TmStore& store, WriteTxn& txn) {
  TMKIT_RETURN_IF_ERROR(txn.del(store.meta, kUnindexedFromKey).status());
  return txn.del(store.meta, kMergedThroughKey).status();
}

Result<std::unique_ptr<DeferredIndex>> begin_deferred_index(TmStore& store) {
  auto deferred = std::make_unique<DeferredIndex>();
  TMKIT_ASSIGN_OR_RETURN(const bool locked, deferred->lock.try_lock(store.dir / "index-runs.lock"));
  if (!locked) return std::unique_ptr<DeferredIndex>();
  deferred->dir = store.dir / "index-runs";
  TMKIT_RETURN_IF_ERROR(reset_directory(deferred->dir));
  TMKIT_ASSIGN_OR_RETURN(const ReadTxn txn, store.env.begin_read());
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t next, next_unit_id(store, txn));
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::uint64_t> ended, read_unindexed_from(store, txn));
  // An ended import's units are merged with this one's, at the end: this import's units are
  // stored first, however often an import is killed while merging.
  deferred->from = ended.value_or(next);
  deferred->recorded = ended.has_value();
  deferred->rebuilt_until = next;
  TMKIT_ASSIGN_OR_RETURN(deferred->done_through, read_meta_u64(store, txn, kMergedThroughKey));
  return deferred;
}

Status DeferredIndex::take(PostingBuffer&& postings) {
  // A run holds at most run_postings, unless one transaction's postings are more.
  if (pending.size() + postings.size() > run_postings) TMKIT_RETURN_IF_ERROR(start_run());
  if (pending.size() == 0 && postings.size() < run_postings / 2) {
    // Small transactions fill a run together: room for it at once (each side about half; one
    // that needs more grows). A larger one is moved in, with the room write_batch made for it.
    pending.reserve(run_postings * 5 / 8, run_postings * 5 / 8);
  }
  pending.append(std::move(postings));
  return pending.size() >= run_postings ? start_run() : Status{};
}

Status DeferredIndex::start_run() {
  if (writing.valid()) TMKIT_RETURN_IF_ERROR(writing.get());
  if (pending.size() == 0) return {};
  writing = std::async(std::launch::async,
                       [postings = std::exchange(pending, {}), files = run_files(runs)]() mutable {
                         return postings.write_run(files);
                       });
  ++runs;
  return {};
}

Status DeferredIndex::write_pending() {
  TMKIT_RETURN_IF_ERROR(start_run());
  return writing.valid() ? writing.get() : Status{};
}

Status DeferredIndex::discard() {
  // The run being written is waited for (its file goes with the directory); its error no
  // longer matters.
  if (writing.valid()) static_cast<void>(writing.get());
  pending = {};
  runs = 0;
  return reset_directory(dir);
}

Status finish_deferred_index(TmStore& store, DeferredIndex& deferred) {
  if (!deferred.recorded) return remove_directory(deferred.dir);  // nothing was stored meanwhile
  TMKIT_RETURN_IF_ERROR(deferred.write_pending());
  std::vector<RunFiles> runs;
  for (std::size_t run = 0; run < deferred.runs; ++run) runs.push_back(deferred.run_files(run));
  if (deferred.rebuilt_until > deferred.from) {
    DeferredIndex rebuilt;
    rebuilt.dir = deferred.dir;
    rebuilt.prefix = "rebuilt";
    rebuilt.run_postings = deferred.run_postings;
    TMKIT_RETURN_IF_ERROR(rebuild_runs(store, rebuilt, deferred.from, deferred.rebuilt_until));
    // First, as their units' ids come first: RunMerger merges runs given in id order fastest.
    for (std::size_t run = 0; run < rebuilt.runs; ++run) {
      runs.insert(runs.begin() + static_cast<std::ptrdiff_t>(run), rebuilt.run_files(run));
    }
  }
  // The import's batches are freed, but glibc keeps their pages: give them back before the
  // merge, whose memory is its run buffers and one transaction.
  malloc_trim(0);
  TMKIT_RETURN_IF_ERROR(IndexMerge(store, deferred.from, deferred.rebuilt_until,
                                   deferred.done_through, deferred.merge_postings)
                            .run(runs, deferred.dir));
  return remove_directory(deferred.dir);
}

}  // namespace tmkit::detail
