// Many readers and one writer: lookup, export and check processes beside a running import
// see committed snapshots only; a second importer waits for the write lock and both finish;
// the reader slot of a reader killed mid-transaction is freed when tmkit next opens the TM.
#include <lmdb.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
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
using tmkit::testing::import_args;
using tmkit::testing::read_file;
using tmkit::testing::source_of;
using tmkit::testing::start_tmkit;
using tmkit::testing::target_of;
using tmkit::testing::TempDir;
using tmkit::testing::wait_child;

struct Run {
  int code = -1;
  std::string output;  // stdout and stderr together
};

Run run(const std::vector<std::string>& args, const std::filesystem::path& output) {
  Run result;
  result.code = wait_child(start_tmkit(args, output)).code;
  result.output = read_file(output);
  return result;
}

// The number after `prefix` in `text`, or -1.
long number_after(const std::string& text, const std::string& prefix) {
  const std::size_t at = text.find(prefix);
  if (at == std::string::npos) return -1;
  return std::stol(text.substr(at + prefix.size()));
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

bool still_running(pid_t pid, int& status) { return ::waitpid(pid, &status, WNOHANG) == 0; }

// The sources of the TM's units in id order.
std::vector<std::string> stored_sources(const std::filesystem::path& tm_dir) {
  std::vector<std::string> sources;
  for (const TranslationUnit& unit : tmkit::testing::checked_units(tm_dir)) {
    sources.push_back(unit.source);
  }
  return sources;
}

}  // namespace

TEST_CASE("readers beside an import see whole batches only", "[concurrency]") {
  constexpr std::size_t kUnits = 30000;
  constexpr std::size_t kBatch = 1000;
  TempDir dir;
  const auto tm = dir / "tm";
  tmkit::testing::write_units_tsv(dir / "units.tsv", 0, kUnits);
  // A first batch, so that the readers always have something to find.
  tmkit::testing::write_units_tsv(dir / "first.tsv", 0, kBatch);
  REQUIRE(run(import_args(tm, dir / "first.tsv", kBatch), dir / "first.txt").code == 0);

  const pid_t writer = start_tmkit(import_args(tm, dir / "units.tsv", kBatch), dir / "writer.txt");
  int status = 0;
  int overlapping = 0;
  long last_export = 0;
  while (still_running(writer, status)) {
    const Run exported =
        run({"export", "--tm", tm.string(), "-o", (dir / "out.tmx").string()}, dir / "export.txt");
    REQUIRE(exported.code == 0);
    const long units = number_after(exported.output, "exported ");
    CHECK(units % static_cast<long>(kBatch) == 0);
    CHECK(units >= last_export);  // a later snapshot never has fewer units
    CHECK(count_of(read_file(dir / "out.tmx"), "</tu>") == static_cast<std::size_t>(units));
    last_export = units;

    const Run checked = run({"check", "--tm", tm.string()}, dir / "check.txt");
    INFO(checked.output);
    REQUIRE(checked.code == 0);
    CHECK(number_after(checked.output, "ok (schema 3, ") % static_cast<long>(kBatch) == 0);

    const Run looked = run({"lookup", "--tm", tm.string(), source_of(0)}, dir / "lookup.txt");
    REQUIRE(looked.code == 0);
    CHECK(looked.output.find(target_of(0)) != std::string::npos);
    if (still_running(writer, status)) ++overlapping;
  }
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(overlapping >= 1);  // the readers really ran while the writer wrote
  WARN("readers beside an import: " << overlapping << " rounds of export, check and lookup "
                                    << "ended while the import was still writing");
  CHECK(stored_sources(tm).size() == kUnits);
}

TEST_CASE("a second importer waits for the first and both complete", "[concurrency]") {
  constexpr std::size_t kHalf = 8000;
  TempDir dir;
  const auto tm = dir / "tm";
  tmkit::testing::write_units_tsv(dir / "a.tsv", 0, kHalf);
  tmkit::testing::write_units_tsv(dir / "b.tsv", kHalf, kHalf);
  // The TM exists before both start, so they do not both create it.
  tmkit::testing::write_units_tsv(dir / "seed.tsv", 0, 1);
  REQUIRE(run(import_args(tm, dir / "seed.tsv", 500), dir / "seed.txt").code == 0);
  const pid_t a = start_tmkit(import_args(tm, dir / "a.tsv", 500), dir / "a.txt");
  const pid_t b = start_tmkit(import_args(tm, dir / "b.tsv", 500), dir / "b.txt");
  CHECK(wait_child(a).code == 0);
  CHECK(wait_child(b).code == 0);
  const std::vector<std::string> sources = stored_sources(tm);
  REQUIRE(sources.size() == 2 * kHalf);
  // Each file's units are stored in its own order, whatever the interleaving of batches.
  std::vector<std::size_t> a_order, b_order;
  for (std::size_t i = 0; i < 2 * kHalf; ++i) {
    const auto at = std::find(sources.begin(), sources.end(), source_of(i));
    REQUIRE(at != sources.end());
    (i < kHalf ? a_order : b_order).push_back(static_cast<std::size_t>(at - sources.begin()));
  }
  CHECK(std::is_sorted(a_order.begin(), a_order.end()));
  CHECK(std::is_sorted(b_order.begin(), b_order.end()));
}

TEST_CASE("a TM created by this process still finds the units another process stored",
          "[concurrency]") {
  // add() skips looking up source hashes it never stored while it alone writes a TM it found
  // empty: a unit imported by another process in between must end that.
  TempDir dir;
  const auto tm_dir = dir / "tm";
  auto unit = [](std::size_t i) {
    TranslationUnit u;
    u.src_lang = tmkit::LangTag::parse("en-GB").value();
    u.tgt_lang = tmkit::LangTag::parse("de-DE").value();
    u.source = source_of(i);
    u.target = target_of(i);
    return u;
  };
  {
    auto tm = TranslationMemory::open(tm_dir);
    REQUIRE(tm.ok());
    REQUIRE(tm->add({unit(0)}).ok());
    tmkit::testing::write_units_tsv(dir / "other.tsv", 1, 1);
    REQUIRE(run(import_args(tm_dir, dir / "other.tsv", 10), dir / "other.txt").code == 0);
    auto report = tm->add({unit(1), unit(2), unit(0)});
    REQUIRE(report.ok());
    CHECK(report->added == 1);
    CHECK(report->duplicates == 2);
  }
  CHECK(stored_sources(tm_dir) ==
        std::vector<std::string>{source_of(0), source_of(1), source_of(2)});
}

namespace {

// A process that opens the TM's environment with the C API, optionally begins a read
// transaction, says so on `ready` and waits to be killed.
pid_t lmdb_child(const std::filesystem::path& dir, bool begin_read) {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    MDB_env* env = nullptr;
    MDB_txn* txn = nullptr;
    if (mdb_env_create(&env) != 0 || mdb_env_set_maxdbs(env, 16) != 0 ||
        mdb_env_open(env, dir.c_str(), MDB_RDONLY, 0664) != 0) {
      ::_exit(1);
    }
    if (begin_read && mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0) ::_exit(1);
    if (::write(pipe_fds[1], "r", 1) != 1) ::_exit(1);
    for (;;) ::pause();
  }
  ::close(pipe_fds[1]);
  char byte = 0;
  REQUIRE(::read(pipe_fds[0], &byte, 1) == 1);
  ::close(pipe_fds[0]);
  return pid;
}

int count_dead(const char* line, void* dead) {
  int pid = 0;
  if (std::sscanf(line, "%d", &pid) == 1 && pid > 0 && ::kill(pid, 0) != 0) {
    ++*static_cast<int*>(dead);
  }
  return 0;
}

// Reader slots of dead processes, read from the lock file without clearing them.
int dead_reader_slots(const std::filesystem::path& dir) {
  MDB_env* env = nullptr;
  REQUIRE(mdb_env_create(&env) == 0);
  REQUIRE(mdb_env_set_maxdbs(env, 16) == 0);
  REQUIRE(mdb_env_open(env, dir.c_str(), MDB_RDONLY, 0664) == 0);
  int dead = 0;
  REQUIRE(mdb_reader_list(env, &count_dead, &dead) >= 0);
  mdb_env_close(env);
  return dead;
}

}  // namespace

TEST_CASE("the reader slot of a reader killed mid-transaction is freed on the next open",
          "[concurrency]") {
  TempDir dir;
  const auto tm = dir / "tm";
  tmkit::testing::write_units_tsv(dir / "units.tsv", 0, 100);
  REQUIRE(run(import_args(tm, dir / "units.tsv", 50), dir / "import.txt").code == 0);
  // A process keeps the environment open throughout, so the lock file's reader table is not
  // reset as it is when the last process closes it.
  const pid_t keeper = lmdb_child(tm, false);
  const pid_t reader = lmdb_child(tm, true);
  ::kill(reader, SIGKILL);
  CHECK(wait_child(reader).signalled);
  CHECK(dead_reader_slots(tm) == 1);
  const Run checked = run({"check", "--tm", tm.string()}, dir / "check.txt");
  CHECK(checked.code == 0);
  CHECK(dead_reader_slots(tm) == 0);
  // And a writer is not held back by the dead reader's snapshot.
  tmkit::testing::write_units_tsv(dir / "more.tsv", 100, 100);
  CHECK(run(import_args(tm, dir / "more.tsv", 50), dir / "import.txt").code == 0);
  ::kill(keeper, SIGKILL);
  wait_child(keeper);
  CHECK(stored_sources(tm).size() == 200);
}
