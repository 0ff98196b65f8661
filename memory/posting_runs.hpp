// Sorted runs of postings in files: what an import writes instead of updating the index in
// place, merged into src_blocks/tgt_blocks once at its end (tm_deferred.cpp). Private to memory/.
//
// A run file is a sequence of groups in ascending key order, each
//   u32 key, u32 n, n x u64 packed postings (tm_index.hpp's layout) in ascending order,
// in the machine's byte order: a run lives only in its TM's directory, between the batch that
// wrote it and the merge, and is never copied elsewhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include "tmkit/status.hpp"

namespace tmkit::detail {

using PostingEntry = std::pair<std::uint32_t, std::uint64_t>;  // key, packed posting

// Writes a run group by group, replacing any file at its path.
class RunWriter {
 public:
  static Result<RunWriter> create(const std::filesystem::path& path);
  RunWriter(RunWriter&&) noexcept;
  RunWriter& operator=(RunWriter&&) noexcept;
  ~RunWriter();
  // One key's postings (ascending), keys in ascending order across calls.
  Status add(std::uint32_t key, const std::vector<std::uint64_t>& postings);
  // The same in pieces: a key with `count` postings, then appends giving them all, in order.
  Status begin_group(std::uint32_t key, std::uint64_t count);
  Status append(const std::vector<std::uint64_t>& postings);
  // Flushes and closes: kStorage naming the file when it could not be written completely (a full
  // disk), here or in add().
  Status close();

 private:
  struct Impl;
  explicit RunWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Writes `entries` (sorted by key, then posting) to `path` as a run.
Status write_run(const std::filesystem::path& path, const std::vector<PostingEntry>& entries);

// Reads several runs at once, key by key: each key once, with its postings from every run
// merged in order. Each run is read through a buffer of its own, and a key's postings come in
// pieces of at most `max`, so memory is the buffers plus one piece, whatever the size of the
// runs and however many units share a word.
class RunMerger {
 public:
  static Result<RunMerger> open(const std::vector<std::filesystem::path>& runs,
                                std::size_t buffer_bytes);
  RunMerger(RunMerger&&) noexcept;
  RunMerger& operator=(RunMerger&&) noexcept;
  ~RunMerger();

  // The next postings (ascending), at most `max` (at least 1), and their key; the same key again
  // while key_continues(). False after the last key. kStorage naming the file when a run cannot
  // be read or ends inside a group.
  Result<bool> next(std::uint32_t& key, std::vector<std::uint64_t>& postings,
                    std::size_t max = SIZE_MAX);
  // Whether the key of the last next() has postings left for the next one.
  bool key_continues() const { return !active_.empty(); }
  // How many postings the key of the last next() has in all (its first piece's call included).
  std::uint64_t key_postings() const { return key_postings_; }

 private:
  struct Reader;
  RunMerger();
  // Back to heap_ at its next group, or closed at the end of its file.
  Status requeue(std::unique_ptr<Reader> reader);
  // All the postings of the key of the readers in active_ (at most kGatheredPostings), merged
  // without a heap: most keys have few postings in each run, and a heap operation per run's
  // stretch of one length was half of the time a merge spent reading.
  Result<bool> gather_key(std::vector<std::uint64_t>& postings);
  static constexpr std::uint64_t kGatheredPostings = std::uint64_t{1} << 16;
  // Readers at the start of a group whose key is not being merged, as a min-heap on the key.
  std::vector<std::unique_ptr<Reader>> heap_;
  // Readers of the key being merged, as a min-heap on their next posting.
  std::vector<std::unique_ptr<Reader>> active_;
  std::uint32_t key_ = 0;
  std::uint64_t key_postings_ = 0;
  std::vector<std::uint64_t> gathered_;  // gather_key's, kept for the next keys
  std::vector<std::size_t> starts_;
};

// Merges runs `fan_in` at a time into new runs named `prefix` + a number, and again, until at
// most `fan_in` are left, which it returns (the inputs it merged are removed). A merge then
// holds at most `fan_in` files open, whatever the import's size.
Result<std::vector<std::filesystem::path>> reduce_runs(std::vector<std::filesystem::path> runs,
                                                       std::size_t fan_in,
                                                       const std::filesystem::path& prefix,
                                                       std::size_t buffer_bytes);

}  // namespace tmkit::detail
