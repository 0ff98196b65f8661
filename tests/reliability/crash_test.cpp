// Crash safety: `tmkit import` killed with SIGKILL at random moments never loses a committed
// batch nor leaves a half-written one; a full disk and a read-only TM fail with a clear
// message and lose nothing.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "checked_units.hpp"
#include "child_process.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"
#include "test_units.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace {

using tmkit::TranslationMemory;
using tmkit::TranslationUnit;
using tmkit::testing::ChildOptions;
using tmkit::testing::import_args;
using tmkit::testing::source_of;
using tmkit::testing::start_tmkit;
using tmkit::testing::TempDir;
using tmkit::testing::unit_word;
using tmkit::testing::wait_child;

// A TSV of `count` distinct units; line i (from 0) has source_of(i).
std::filesystem::path write_tsv(const TempDir& dir, std::size_t count) {
  const auto path = dir / "units.tsv";
  tmkit::testing::write_units_tsv(path, 0, count);
  return path;
}

// Opens the TM read-only, requires check() to pass, and returns the unit count after
// verifying that the units are the file's first lines in order (a committed prefix).
std::size_t verified_units(const std::filesystem::path& tm_dir) {
  const TranslationMemory tm = tmkit::testing::open_read_only(tm_dir);
  const tmkit::CheckReport report = tmkit::testing::clean_report(tm);
  std::size_t next = 0;
  REQUIRE(tm.for_each_unit({}, {}, [&](std::uint64_t, const TranslationUnit& unit) {
              if (unit.source != source_of(next)) return tmkit::Status::internal("out of order");
              ++next;
              return tmkit::Status();
            }).ok());
  REQUIRE(next == report.units);
  // The last unit is found, whether the import merged its index or was killed before (the
  // units an import has not indexed yet are scanned).
  if (next > 0) {
    const auto matches = tm.lookup(source_of(next - 1), {});
    REQUIRE(matches.ok());
    REQUIRE_FALSE(matches->empty());
    CHECK(matches->front().score == 100.0);
  }
  return report.units;
}

// How many units of the TM wait for the index of an import (killed before its merge ended).
std::size_t unindexed_units(const std::filesystem::path& tm_dir) {
  return tmkit::testing::clean_report(tmkit::testing::open_read_only(tm_dir)).unindexed_units;
}

// A kill between the TM's creation (mdb_env_open makes data.mdb) and the commit of its schema
// leaves an LMDB environment with no TM in it: a reader is refused with a clear message, and the
// next import takes the directory for a new TM (memory/tm_store.cpp). Nothing was committed.
bool killed_while_creating(const std::filesystem::path& tm_dir) {
  tmkit::TmOptions options;
  options.read_only = true;
  const auto tm = TranslationMemory::open(tm_dir, options);
  return !tm.ok() &&
         tm.status().message().find("holds no committed translation memory") != std::string::npos;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Kills `tmkit import [extra...] file` (batches of `batch`) at random moments until `kills`
// kills landed, checking after each that the TM is consistent and holds a committed prefix of
// the file whose size is a batch boundary, never less than before the kill.
void kill_test(const TempDir& dir, const std::filesystem::path& file, std::size_t total,
               std::size_t batch, int kills_wanted, const std::vector<std::string>& extra,
               std::size_t min_boundaries, const std::string& label) {
  const auto args = [&](const std::filesystem::path& tm) {
    std::vector<std::string> all = import_args(tm, file, batch);
    all.insert(all.begin() + 1, extra.begin(), extra.end());
    return all;
  };
  // How long an uninterrupted import takes, into a new TM and again into the full one (a
  // resumed import goes through the units stored already as duplicates, which may take
  // longer): the kills are spread over the longer time.
  double full = 0;
  for (int pass = 0; pass < 2; ++pass) {
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(wait_child(start_tmkit(args(dir / "timing"), dir / "out.txt")).code == 0);
    full = std::max(full, seconds_since(start));
    REQUIRE(verified_units(dir / "timing") == total);
  }

  std::mt19937 random(7);
  // The last tenth or so of an import is the merge of its index, after its last commit: kills
  // land there too, but mostly among the batches, whose boundaries the test counts.
  std::uniform_real_distribution<double> fraction(0.0, 1.0);
  // A round killed before it committed anything new widens the window by half, until a round
  // gets further: the machine may have got slower than when `full` was measured (CI runs
  // tests side by side), and a TM whose every round is killed too early would stay at one
  // boundary.
  double window = 0.9 * full;
  std::set<std::size_t> boundaries_seen;
  int kills = 0, finished = 0, series = 0, unborn = 0, unmerged = 0;
  std::size_t before = 0;  // units committed before this round, in the current TM
  for (int round = 0; kills < kills_wanted && round < 4 * kills_wanted; ++round) {
    const auto tm = dir / ("tm" + std::to_string(series));
    // Re-importing the same file skips the units already there, batch for batch, so the
    // count stays a multiple of the batch size while the import resumes where it was killed.
    const pid_t pid = start_tmkit(args(tm), dir / "out.txt");
    std::this_thread::sleep_for(std::chrono::duration<double>(fraction(random) * window));
    ::kill(pid, SIGKILL);
    const auto exit = wait_child(pid);
    if (exit.signalled) {
      ++kills;
    } else {
      INFO(tmkit::testing::read_file(dir / "out.txt"));
      REQUIRE(exit.code == 0);
      ++finished;
    }
    if (!std::filesystem::exists(tm / "data.mdb")) continue;  // killed before creating it
    if (killed_while_creating(tm)) {
      // Nothing was committed to lose, and the next round's import must start the TM in it.
      CHECK(before == 0);
      ++unborn;
      continue;
    }
    const std::size_t units = verified_units(tm);
    INFO("round " << round << ": " << units << " units after " << before);
    CHECK(units % batch == 0);
    CHECK(units >= before);  // nothing committed is lost
    CHECK(units <= total);
    boundaries_seen.insert(units);
    const bool stalled = exit.signalled && units == before;
    window = stalled ? std::min(window * 1.5, 20 * full) : 0.9 * full;
    before = units;
    if (units == total) {  // complete: start a new TM
      ++series;
      before = 0;
    }
  }
  // An import killed before its merge ended leaves units unindexed; the next import on that
  // TM merges them, whatever it adds itself.
  for (int s = 0; s <= series; ++s) {
    const auto tm = dir / ("tm" + std::to_string(s));
    if (!std::filesystem::exists(tm / "data.mdb") || killed_while_creating(tm)) continue;
    if (unindexed_units(tm) > 0) ++unmerged;
    REQUIRE(wait_child(start_tmkit(args(tm), dir / "out.txt")).code == 0);
    CHECK(unindexed_units(tm) == 0);
    CHECK(verified_units(tm) == total);
  }
  CHECK(kills >= kills_wanted);
  // Most kills should land inside the import, between batches or inside one.
  CHECK(boundaries_seen.size() >= min_boundaries);
  std::string seen;
  for (std::size_t b : boundaries_seen) seen += std::to_string(b) + " ";
  WARN(label << ": " << kills << " kills, " << finished << " imports finished first, " << series
             << " TMs completed, " << unborn << " killed while creating the TM, " << unmerged
             << " left with units to index, full import " << full
             << " s, boundaries seen: " << seen);
}

}  // namespace

TEST_CASE("an import killed at random moments keeps exactly its committed batches",
          "[reliability]") {
  TempDir dir;
  kill_test(dir, write_tsv(dir, 6000), 6000, 500, 25, {}, 4, "crash test (TSV)");
}

TEST_CASE("a streamed TMX import with --keep-going killed at random keeps its committed batches",
          "[reliability]") {
  TempDir dir;
  // The file is read twice (a check, then the writes), so kills land in either pass, and
  // those in the first pass all see the same boundary: fewer distinct ones are asked for, and
  // batches of 250 give the writes more of the time.
  tmkit::testing::write_units_tmx(dir / "units.tmx", 0, 6000);
  kill_test(dir, dir / "units.tmx", 6000, 250, 30, {"--keep-going"}, 3,
            "crash test (streamed TMX, --keep-going)");
}

// Imports `file` (20,000 units, in batches of 1,000) into dir/tm while data.mdb may not grow
// past 4 MiB (about 4,000 units): the import must fail with one clear line, keep exactly its
// committed batches, and complete the TM when run again with room.
void check_disk_full_import(const TempDir& dir, const std::filesystem::path& file) {
  const auto tm = dir / "tm";
  ChildOptions limited;
  limited.file_size_limit = 4 << 20;
  const auto exit = wait_child(start_tmkit(import_args(tm, file, 1000), dir / "out.txt", limited));
  const std::string err = tmkit::testing::read_file(dir / "out.txt");
  INFO(err);
  CHECK_FALSE(exit.signalled);
  CHECK(exit.code == 1);
  const std::size_t units = verified_units(tm);
  CHECK(units > 0);
  CHECK(units < 20000);
  CHECK(units % 1000 == 0);
  CHECK(err == "tmkit import: error: " + file.string() + ": units " + std::to_string(units + 1) +
                   "-" + std::to_string(units + 1000) + " (units 1-" + std::to_string(units) +
                   " are committed): lmdb: mdb_txn_commit: Input/output error\n");
  REQUIRE(wait_child(start_tmkit(import_args(tm, file, 1000), dir / "out.txt")).code == 0);
  CHECK(verified_units(tm) == 20000);
}

TEST_CASE("an import that fills the disk fails clearly and keeps the batches before",
          "[reliability]") {
  TempDir dir;
  check_disk_full_import(dir, write_tsv(dir, 20000));
}

TEST_CASE("a streamed TMX import that fills the disk stops its parser and keeps the batches",
          "[reliability]") {
  // The write pass parses in a second thread: when a write fails, the parse must stop too,
  // and the message must be the writer's, not a cancelled parser's.
  TempDir dir;
  tmkit::testing::write_units_tmx(dir / "units.tmx", 0, 20000);
  check_disk_full_import(dir, dir / "units.tmx");
}

TEST_CASE("a TM that starts with a tiny map grows it batch by batch and stays consistent",
          "[reliability]") {
  TempDir dir;
  tmkit::TmOptions options;
  options.initial_map_size = std::size_t{64} << 10;  // 16 pages: the first batch fills it
  std::size_t added = 0;
  {
    auto tm = TranslationMemory::open(dir / "tm", options);
    REQUIRE(tm.ok());
    for (std::size_t batch = 0; batch < 5; ++batch) {
      std::vector<TranslationUnit> units;
      for (std::size_t i = batch * 400; i < (batch + 1) * 400; ++i) {
        TranslationUnit unit;
        unit.src_lang = *tmkit::LangTag::parse("en-GB");
        unit.tgt_lang = *tmkit::LangTag::parse("de-DE");
        unit.source = source_of(i);
        unit.target = "Der Bericht " + unit_word(i) + ".";
        units.push_back(std::move(unit));
      }
      auto report = tm->add(units);
      REQUIRE(report.ok());
      added += report->added;
    }
  }
  CHECK(added == 2000);
  CHECK(verified_units(dir / "tm") == 2000);
}

TEST_CASE("a read-only TM directory refuses an import clearly and is left as it was",
          "[reliability]") {
  TempDir dir;
  const auto tsv = write_tsv(dir, 1500);
  const auto tm = dir / "tm";
  REQUIRE(wait_child(start_tmkit(import_args(tm, tsv, 1000), dir / "out.txt")).code == 0);
  namespace fs = std::filesystem;
  // The child runs as nobody when we are root, so it must reach the files but not write.
  fs::permissions(dir.path(), fs::perms::all, fs::perm_options::add);
  fs::permissions(dir / "out.txt", fs::perms::all, fs::perm_options::add);
  const auto before = fs::last_write_time(tm / "data.mdb");
  for (const auto& path : {tm / "data.mdb", tm / "lock.mdb", tm}) {
    fs::permissions(path, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
  }
  ChildOptions nobody;
  nobody.drop_root = true;
  // The build tree may sit in a directory nobody cannot enter (a fresh clone in a mktemp -d):
  // nobody runs a copy of tmkit from the test's own directory.
  nobody.binary = dir / "tmkit";
  fs::copy_file(TMKIT_BINARY, nobody.binary);
  fs::permissions(nobody.binary, fs::perms::all, fs::perm_options::add);
  const auto more = dir / "more.tsv";
  tmkit::testing::write_units_tsv(more, 0, 3000);
  const auto exit = wait_child(start_tmkit(import_args(tm, more, 1000), dir / "out.txt", nobody));
  CHECK(exit.code == 1);
  CHECK(tmkit::testing::read_file(dir / "out.txt") ==
        "tmkit import: error: tm: cannot open " + tm.string() +
            ": lmdb: mdb_env_open: Permission denied\n");
  for (const auto& path : {tm, tm / "data.mdb", tm / "lock.mdb"}) {
    fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
  }
  CHECK(fs::last_write_time(tm / "data.mdb") == before);
  CHECK(verified_units(tm) == 1500);
}
