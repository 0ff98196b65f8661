// Run files of a deferred index (memory/posting_runs.hpp): merged key by key in order, and a
// damaged run is an error naming the file.
#include "posting_runs.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <vector>

#include "temp_dir.hpp"

namespace tmkit::detail {
namespace {

using testing::TempDir;

std::vector<PostingEntry> sorted(std::vector<PostingEntry> entries) {
  std::sort(entries.begin(), entries.end());
  return entries;
}

using Postings = std::map<std::uint32_t, std::vector<std::uint64_t>>;

// Writes each list of entries as a run in `dir` (run0, run1...); `expected` gets every key's
// postings, sorted, as a merge must give them.
std::vector<std::filesystem::path> write_runs(const TempDir& dir,
                                              const std::vector<std::vector<PostingEntry>>& runs,
                                              Postings& expected) {
  std::vector<std::filesystem::path> paths;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    paths.push_back(dir / ("run" + std::to_string(i)));
    REQUIRE(write_run(paths.back(), sorted(runs[i])).ok());
    for (const auto& [key, posting] : runs[i]) expected[key].push_back(posting);
  }
  for (auto& [key, postings] : expected) std::sort(postings.begin(), postings.end());
  return paths;
}

TEST_CASE("runs merge into each key once, with every run's postings in order", "[tm]") {
  TempDir dir;
  const std::vector<std::vector<PostingEntry>> runs = {
      sorted({{7, 30}, {7, 10}, {2, 5}, {9, 1}}),
      sorted({{7, 20}, {3, 8}, {9, 0x0001000000000200u}}),
      {},
      sorted({{2, 4}, {7, 40}, {0xFFFFFFFFu, 6}}),
  };
  Postings expected;
  const std::vector<std::filesystem::path> paths = write_runs(dir, runs, expected);

  Result<RunMerger> merger = RunMerger::open(paths, 16);  // a tiny buffer: refills often
  REQUIRE(merger.ok());
  Postings merged;
  std::vector<std::uint32_t> order;
  std::uint32_t key = 0;
  std::vector<std::uint64_t> postings;
  while (true) {
    const Result<bool> more = merger->next(key, postings);
    REQUIRE(more.ok());
    if (!*more) break;
    order.push_back(key);
    merged[key] = postings;
  }
  CHECK(order == std::vector<std::uint32_t>{2, 3, 7, 9, 0xFFFFFFFFu});
  CHECK(merged == expected);
}

TEST_CASE("a key shared by many runs comes in pieces of the size asked for, in order", "[tm]") {
  TempDir dir;
  // 5 runs; key 4 in all of them with 700 postings each (more than a read block), interleaved
  // across runs; keys 1 and 9 in some.
  std::vector<std::vector<PostingEntry>> runs(5);
  for (std::uint64_t run = 0; run < runs.size(); ++run) {
    for (std::uint64_t i = 0; i < 700; ++i) runs[run].emplace_back(4, i * 5 + run);
    if (run % 2 == 0) runs[run].emplace_back(1, run);
    if (run == 3) runs[run].emplace_back(9, 77);
  }
  Postings expected;
  const std::vector<std::filesystem::path> paths = write_runs(dir, runs, expected);

  Result<RunMerger> merger = RunMerger::open(paths, 64);
  REQUIRE(merger.ok());
  Postings merged;
  std::map<std::uint32_t, std::size_t> pieces;
  std::uint32_t key = 0;
  std::vector<std::uint64_t> postings;
  bool continued = false;
  while (true) {
    const Result<bool> more = merger->next(key, postings, 300);
    REQUIRE(more.ok());
    if (!*more) break;
    CHECK(postings.size() <= 300);
    if (!continued) CHECK(merger->key_postings() == expected[key].size());
    merged[key].insert(merged[key].end(), postings.begin(), postings.end());
    ++pieces[key];
    continued = merger->key_continues();
  }
  CHECK(merged == expected);
  CHECK(pieces[4] == 12);  // 3,500 postings in pieces of 300
  CHECK(pieces[1] == 1);
  CHECK(pieces[9] == 1);
}

TEST_CASE("runs of increasing ids merge in length, then id order, whole keys or in pieces",
          "[tm]") {
  // As an import writes them: run r holds ids [100r, 100r + 100), postings of many lengths.
  TempDir dir;
  std::vector<std::vector<PostingEntry>> runs(6);
  for (std::uint64_t run = 0; run < runs.size(); ++run) {
    for (std::uint64_t id = 100 * run; id < 100 * run + 100; ++id) {
      const std::uint64_t length = (id * 7) % 13 + 1;
      for (std::uint32_t key = 1; key <= 1 + id % 4; ++key) {
        runs[run].emplace_back(key, length << 48 | id << 8 | 1);
      }
    }
  }
  Postings expected;
  const std::vector<std::filesystem::path> paths = write_runs(dir, runs, expected);
  // Whole keys (up to 600 postings), and pieces of 50 of them (a key split over calls).
  for (const std::size_t max : {std::size_t{1000}, std::size_t{50}}) {
    Result<RunMerger> merger = RunMerger::open(paths, 64);
    REQUIRE(merger.ok());
    Postings merged;
    std::uint32_t key = 0;
    std::vector<std::uint64_t> postings;
    for (Result<bool> more = merger->next(key, postings, max); more.ok() && *more;
         more = merger->next(key, postings, max)) {
      CHECK(postings.size() <= max);
      merged[key].insert(merged[key].end(), postings.begin(), postings.end());
    }
    CHECK(merged == expected);
  }
}

TEST_CASE("runs reduced a few at a time merge as the runs themselves", "[tm]") {
  TempDir dir;
  std::vector<std::vector<PostingEntry>> runs(7);
  for (std::uint64_t run = 0; run < runs.size(); ++run) {
    for (std::uint32_t key = 0; key < 5; ++key) {
      if ((run + key) % 3 == 0) continue;  // not every key in every run
      runs[run].emplace_back(key, run * 10 + key);
    }
    // Key 5 in every run, 30,000 postings each: merged, more than one piece of a reduction.
    for (std::uint64_t i = 0; i < 30000; ++i) runs[run].emplace_back(5, i * 7 + run);
  }
  Postings expected;
  const std::vector<std::filesystem::path> paths = write_runs(dir, runs, expected);
  const auto reduced = reduce_runs(paths, 2, dir / "merged-", 64);
  REQUIRE(reduced.ok());
  CHECK(reduced->size() == 2);  // 7 -> 4 -> 2
  for (const auto& path : paths) CHECK_FALSE(std::filesystem::exists(path));
  Result<RunMerger> merger = RunMerger::open(*reduced, 64);
  REQUIRE(merger.ok());
  Postings merged;
  std::uint32_t key = 0;
  std::vector<std::uint64_t> postings;
  for (Result<bool> more = merger->next(key, postings); more.ok() && *more;
       more = merger->next(key, postings)) {
    merged[key] = postings;
  }
  CHECK(merged == expected);
}

TEST_CASE("a run cut inside a group, or missing, is an error naming the file", "[tm]") {
  TempDir dir;
  const auto path = dir / "run";
  REQUIRE(write_run(path, {{1, 10}, {1, 11}, {2, 12}}).ok());
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 3);
  Result<RunMerger> merger = RunMerger::open({path}, 4096);
  REQUIRE(merger.ok());
  // The merger reads a run one group ahead: the cut shows before the merge ends.
  std::uint32_t key = 0;
  std::vector<std::uint64_t> postings;
  Result<bool> cut = merger->next(key, postings);
  while (cut.ok() && *cut) cut = merger->next(key, postings);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.status().code() == StatusCode::kStorage);
  CHECK_THAT(cut.status().message(),
             Catch::Contains(path.string()) && Catch::Contains("truncated"));

  const Result<RunMerger> missing = RunMerger::open({dir / "nothing"}, 4096);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(), Catch::Contains((dir / "nothing").string()));
}

TEST_CASE("a run that cannot be written is an error naming the file", "[tm]") {
  TempDir dir;
  const Status status = write_run(dir / "no-such-dir" / "run", {{1, 2}});
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == StatusCode::kStorage);
  CHECK_THAT(status.message(), Catch::Contains("no-such-dir"));
  // A full disk: /dev/full takes the open and refuses every write (ENOSPC).
  std::vector<PostingEntry> many;
  for (std::uint32_t key = 0; key < 100000; ++key) many.emplace_back(key, key);
  const Status full = write_run("/dev/full", many);
  REQUIRE_FALSE(full.ok());
  CHECK(full.code() == StatusCode::kStorage);
  CHECK_THAT(full.message(), Catch::Contains("/dev/full") && Catch::Contains("No space"));
}

}  // namespace
}  // namespace tmkit::detail
