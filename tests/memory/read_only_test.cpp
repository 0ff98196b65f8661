// A TM in a directory the user may not write (issue 7): LMDB wants to write lock.mdb even to
// read, so read-only opens fall back to MDB_NOLOCK, and writes fail with a clear error.
// The tests run as root, whom permissions do not stop: the reading then happens in a child
// process that has become nobody (uid/gid 65534), as tests/reliability does with tmkit.
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <string>

#include "temp_dir.hpp"
#include "tm_test_util.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit {
namespace {

namespace fs = std::filesystem;
using testing::add_ok;
using testing::en_de;
using testing::open_tm;
using testing::TempDir;

// Runs `body` as a user without write permission on the TM and returns what it returned
// (0 = every check passed, else the number of the first check that failed). As root, in a
// forked child that drops to nobody; otherwise in this process.
int run_unprivileged(const std::function<int()>& body) {
  if (::geteuid() != 0) return body();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) {
      ::_exit(100);
    }
    ::_exit(body());  // no Catch2 in the child: its result is the exit code
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

// Takes write permission away from everyone on the TM (its directory and files), leaving
// read and search permission to all; gives it back at scope exit so TempDir can clean up.
class ReadOnlyTm {
 public:
  explicit ReadOnlyTm(const fs::path& tm) : tm_(tm) {
    // nobody must be able to reach the TM inside the (0700) temporary directory.
    fs::permissions(tm.parent_path(),
                    fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    for (const fs::path& path : {tm / "data.mdb", tm / "lock.mdb"}) {
      if (fs::exists(path)) fs::permissions(path, read_only_file);
    }
    fs::permissions(tm, read_only_file | fs::perms::owner_exec | fs::perms::group_exec |
                            fs::perms::others_exec);
  }
  ~ReadOnlyTm() {
    std::error_code ignored;
    fs::permissions(tm_, fs::perms::owner_all, fs::perm_options::add, ignored);
  }
  ReadOnlyTm(const ReadOnlyTm&) = delete;
  ReadOnlyTm& operator=(const ReadOnlyTm&) = delete;

 private:
  static constexpr fs::perms read_only_file =
      fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;
  fs::path tm_;
};

// What a reader does with the TM; the number of the first failed check, or 0.
int read_everything(const fs::path& dir) {
  TmOptions options;
  options.read_only = true;
  Result<TranslationMemory> tm = TranslationMemory::open(dir, options);
  if (!tm.ok()) return 1;
  LookupOptions lookup;
  lookup.min_score = 50;
  const auto exact = tm->lookup("The report is ready.", lookup);
  if (!exact.ok() || exact->empty() || exact->front().score != 100.0) return 2;
  const auto fuzzy = tm->lookup("The report is nearly ready.", lookup);
  if (!fuzzy.ok() || fuzzy->empty() || fuzzy->front().unit.source != "The report is ready.") {
    return 3;
  }
  std::size_t units = 0;
  const Status scanned = tm->for_each_unit({}, {}, [&](std::uint64_t, const TranslationUnit&) {
    ++units;
    return Status();
  });
  if (!scanned.ok() || units != 3) return 4;  // what export reads
  std::size_t total = 0;
  const auto hits = tm->concordance("report", ConcordanceOptions{}, &total);
  if (!hits.ok() || total != 2) return 5;
  const auto report = tm->check();
  if (!report.ok() || !report->clean() || report->units != 3) return 6;
  // A write through the read-only TM says why it cannot be done.
  const auto added = tm->add({en_de("A new sentence.", "Ein neuer Satz.")});
  if (added.ok() || added.status().message().find("opened read-only") == std::string::npos) {
    return 7;
  }
  // Opening it for writing fails on open, naming the directory and the permission.
  const Result<TranslationMemory> writer = TranslationMemory::open(dir);
  if (writer.ok() || writer.status().message().find("Permission denied") == std::string::npos ||
      writer.status().message().find(dir.string()) == std::string::npos) {
    return 8;
  }
  return 0;
}

void make_tm(const fs::path& dir) {
  TranslationMemory tm = open_tm(dir);
  add_ok(tm, {en_de("The report is ready.", "Der Bericht ist fertig."),
              en_de("The second report is ready.", "Der zweite Bericht ist fertig."),
              en_de("Nothing else.", "Sonst nichts.")});
}

TEST_CASE("a TM in a directory nobody may write can be looked up, exported, searched, checked",
          "[tm][read_only]") {
  TempDir temp;
  const fs::path tm = temp / "tm";
  make_tm(tm);
  SECTION("with the lock file left by the writer, read-only") {
    ReadOnlyTm guard(tm);
    CHECK(run_unprivileged([&] { return read_everything(tm); }) == 0);
  }
  SECTION("without a lock file, which the reader may not create") {
    fs::remove(tm / "lock.mdb");
    ReadOnlyTm guard(tm);
    CHECK(run_unprivileged([&] { return read_everything(tm); }) == 0);
    CHECK_FALSE(fs::exists(tm / "lock.mdb"));
  }
  // Nothing was written: the TM opens for writing again once permissions are back.
  TranslationMemory reopened = open_tm(tm);
  CHECK(testing::unit_count(reopened) == 3);
}

TEST_CASE("a writable TM is still opened with its lock file when read-only", "[tm][read_only]") {
  // The lock-free fallback is only for directories the reader cannot write: where it can, a
  // reader takes a reader slot so that a concurrent writer keeps the pages it reads.
  TempDir temp;
  make_tm(temp / "tm");
  fs::remove(temp / "tm" / "lock.mdb");
  TmOptions options;
  options.read_only = true;
  TranslationMemory tm = open_tm(temp / "tm", options);
  CHECK(fs::exists(temp / "tm" / "lock.mdb"));
}

}  // namespace
}  // namespace tmkit
