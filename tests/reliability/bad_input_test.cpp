// Bad input: every file of tests/data/bad/ and a few generated at run time (a 100 MB line,
// 100,000 nested inline tags, an external entity, a directory, an unreadable file, a folder
// that is not a TM, a TM of a newer schema) is imported by the real `tmkit import` into a TM that
// already holds units. Each must exit 1 with one line on stderr naming the file and where, and
// leave the TM's units as they were. The run writes the table of cases, exit codes and exact
// messages to bad_input_table.md in the build directory (docs/reliability.md shows it).
#include <lmdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "checked_units.hpp"
#include "child_process.hpp"
#include "raw_lmdb.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"
#include "test_units.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace {

namespace fs = std::filesystem;
using tmkit::testing::read_file;
using tmkit::testing::TempDir;

constexpr std::size_t kSeedUnits = 50;
const std::string kMarker = "XXE-MARKER-5f1c0d";

// One row of the table: a case, the file it imports, and the message expected.
struct BadCase {
  std::string name;
  fs::path file;
  std::string expect;  // ECMAScript regex the one stderr line must match
  std::vector<std::string> extra_args = {};
  // Not empty: a known gap, a reader that accepts this file although it should refuse it; says
  // whose code it is. Such a case runs in a TM of its own and only must not crash.
  std::string gap = {};
};

using Snapshot = std::vector<std::pair<std::string, std::string>>;

// Every unit of the TM as (source, target), after requiring a clean check().
Snapshot snapshot(const fs::path& tm_dir) {
  Snapshot units;
  for (const auto& unit : tmkit::testing::checked_units(tm_dir)) {
    units.emplace_back(unit.source, unit.target);
  }
  return units;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// The markdown table the run leaves in the build directory.
class Table {
 public:
  explicit Table(const TempDir& dir) : dir_(dir.path().string()) {}
  void add(const std::string& name, int exit, const std::string& message) {
    // Temporary paths differ from run to run; the table shows them as $TMP.
    std::string shown = replace_all(message, dir_, "$TMP");
    shown = replace_all(shown, tmkit::testing::test_data_dir().string(), "tests/data");
    shown = replace_all(shown, "|", "\\|");
    rows_ += "| " + name + " | " + std::to_string(exit) + " | `" + shown + "` |\n";
  }
  void write(const fs::path& path) const {
    std::ofstream out(path);
    out << "| case | exit | message (stderr, one line) |\n|---|---|---|\n" << rows_;
  }

 private:
  std::string dir_;
  std::string rows_;
};

struct Outcome {
  int exit = -1;
  std::vector<std::string> lines;
};

Outcome import(const fs::path& tm, const fs::path& file, const std::vector<std::string>& extra,
               const fs::path& output, const tmkit::testing::ChildOptions& child = {}) {
  std::vector<std::string> args{"import", "--tm", tm.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(file.string());
  const auto exit = tmkit::testing::wait_child(tmkit::testing::start_tmkit(args, output, child));
  return {exit.signalled ? -1 : exit.code, lines_of(read_file(output))};
}

// Runs one case against `tm` and checks exit code, message and the TM's units.
void check_case(const BadCase& bad, const fs::path& tm, const Snapshot& before, const TempDir& dir,
                Table& table) {
  INFO("case " << bad.name << ": " << bad.file);
  const Outcome outcome = import(tm, bad.file, bad.extra_args, dir / "stderr.txt");
  const std::string line = outcome.lines.empty() ? std::string() : outcome.lines.front();
  table.add(bad.name, outcome.exit, line);
  INFO("stderr: " << read_file(dir / "stderr.txt"));
  CHECK(outcome.exit == 1);
  CHECK(outcome.lines.size() == 1);
  CHECK(std::regex_search(line, std::regex(bad.expect)));
  CHECK(line.find(bad.file.string()) != std::string::npos);
  CHECK(line.find(kMarker) == std::string::npos);
  CHECK(snapshot(tm) == before);
}

// A known gap: the file is accepted. It must still not crash, and the table says so.
void run_gap(const BadCase& bad, const fs::path& tm, const TempDir& dir, Table& table) {
  INFO("known gap " << bad.name << ": " << bad.file);
  const Outcome outcome = import(tm, bad.file, bad.extra_args, dir / "stderr.txt");
  std::string shown = outcome.lines.empty() ? std::string() : outcome.lines.front();
  if (outcome.lines.size() > 1) shown += " (+" + std::to_string(outcome.lines.size() - 1) + ")";
  table.add(bad.name + " — KNOWN GAP: accepted (" + bad.gap + ")", outcome.exit, shown);
  CHECK(outcome.exit >= 0);
  snapshot(tm);  // the TM stays consistent
}

// The committed corpus, tests/data/bad/, with the message each file must give.
std::vector<BadCase> committed_cases() {
  const fs::path bad = tmkit::testing::test_data_dir() / "bad";
  const std::string en_de_args[] = {"--src-lang", "en-GB", "--tgt-lang", "de-DE"};
  const std::vector<std::string> tsv(std::begin(en_de_args), std::end(en_de_args));
  return {
      {"truncated TMX", bad / "truncated.tmx", "line [0-9]+: the document does not end"},
      {"malformed XML (mismatched tags)", bad / "malformed_tags.tmx", "line [0-9]+, column"},
      {"TMX without <body>", bad / "no_body.tmx", "<tmx> has no <body>"},
      {"TMX <tu> without <tuv>", bad / "no_tuv.tmx", "line 5: <tu> has no <tuv>"},
      {"TMX <tuv> without <seg>", bad / "no_seg.tmx",
       "line 6: <tuv xml:lang=\"en-GB\"> has no <seg>"},
      {"unknown TMX version 9.0", bad / "unknown_version.tmx",
       "line 2: unknown TMX version \"9.0\" \\(tmkit reads 1.1 to 1.4b\\)"},
      {"UTF-16 declared, UTF-8 bytes", bad / "encoding_utf16_declared.tmx",
       "line 1: the declaration encoding=\"UTF-16\" does not match the bytes"},
      {"unknown encoding declared", bad / "encoding_unknown_declared.tmx",
       "line 1: the declaration encoding=\"X-NO-SUCH-CHARSET\" names an unknown encoding"},
      {"XLIFF 1.2 duplicate trans-unit ids", bad / "xliff12_duplicate_ids.xlf",
       "line 9: <trans-unit> id '1' is not unique in its <file>"},
      {"XLIFF 1.2 <ept> id matches no <bpt>", bad / "xliff12_mismatched_codes.xlf",
       "line 6: <ept id=\"2\"> matches no <bpt> before it"},
      {"XLIFF 2 duplicate unit ids", bad / "xliff20_duplicate_ids.xlf",
       "line [0-9]+: <unit> id 'u1' is not unique"},
      {"XLIFF 2 <ec startRef> matches no <sc>", bad / "xliff20_mismatched_ids.xlf",
       "line [0-9]+: <ec startRef=\"7\"> has no <sc>"},
      {"truncated XLIFF", bad / "xliff_truncated.xlf", "line [0-9]+, column [0-9]+"},
      {"overlong UTF-8 in TMX", bad / "overlong_utf8.tmx", "invalid UTF-8 at byte [0-9]+"},
      {"UTF-8 encoded surrogate in TMX", bad / "surrogate_utf8.tmx",
       "invalid UTF-8 at byte [0-9]+"},
      {"NUL byte in TMX", bad / "nul_byte.tmx", "line [0-9]+, column [0-9]+"},
      {"overlong UTF-8 in TSV", bad / "overlong_utf8.tsv", "invalid UTF-8 at byte [0-9]+", tsv},
      {"NUL byte in TSV", bad / "nul_byte.tsv", "line 1: control character U\\+0000", tsv},
      {"UTF-16LE with a lone surrogate", bad / "lone_surrogate_utf16le.tmx",
       "surrogate.* at byte [0-9]+"},
      {"UTF-16BE with a lone surrogate", bad / "lone_surrogate_utf16be.tmx",
       "surrogate.* at byte [0-9]+"},
      {"UTF-32LE BOM", bad / "bom_utf32le.tmx", "line [0-9]+, column [0-9]+"},
      {"UTF-16 BOM on UTF-8 bytes", bad / "bom_utf16_on_utf8.tmx", "line [0-9]+, column [0-9]+"},
      {"two UTF-8 BOMs", bad / "bom_utf8_twice.tmx", "a second byte order mark at byte 3"},
      {"UTF-8 BOM on UTF-16 bytes", bad / "bom_utf8_on_utf16.tmx", "invalid UTF-8 at byte [0-9]+"},
      {"billion laughs (nested entities)", bad / "billion_laughs.tmx",
       "line 3: entity declarations are not allowed"},
      {"empty .tmx", bad / "empty.tmx", "line 1, column 1: No document element"},
      {"empty .xlf", bad / "empty.xlf", "empty file"},
      {"empty .tsv", bad / "empty.tsv", "empty file", tsv},
      {"blank .tmx (white space only)", bad / "blank.tmx", "line [0-9]+, column [0-9]+"},
  };
}

// A TMX of one unit whose target is `target` (given as raw XML content).
std::string tmx_with_target(const std::string& target) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" "
         "segtype=\"sentence\" o-tmf=\"none\" adminlang=\"en\" srclang=\"en-GB\" "
         "datatype=\"plaintext\"/><body><tu><tuv xml:lang=\"en-GB\"><seg>The harbour office."
         "</seg></tuv><tuv xml:lang=\"de-DE\"><seg>" +
         target + "</seg></tuv></tu></body></tmx>\n";
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// A socket in the file system: open() fails with ENXIO even for root.
void make_socket(const fs::path& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  REQUIRE(path.string().size() < sizeof address.sun_path);
  path.string().copy(address.sun_path, sizeof address.sun_path - 1);
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  ::close(fd);
}

// Cases made at run time: too big to commit, or needing a path of this run.
std::vector<BadCase> generated_cases(const TempDir& dir) {
  std::vector<BadCase> cases;
  const std::string mb100(std::size_t{100} << 20, 'a');
  write_bytes(dir / "line_100mb.tmx", tmx_with_target(mb100));
  cases.push_back({"100 MB single line (TMX)", dir / "line_100mb.tmx",
                   "unit 1: target of 104857[0-9]+ bytes is longer than --max-segment-bytes"});
  write_bytes(dir / "line_100mb.tsv", "The harbour office.\t" + mb100);
  cases.push_back({"100 MB single line (TSV)",
                   dir / "line_100mb.tsv",
                   "unit 1: target of 104857600 bytes is longer than --max-segment-bytes",
                   {"--src-lang", "en-GB", "--tgt-lang", "de-DE"}});
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "<hi>";
  nested += "deep";
  for (int i = 0; i < 100000; ++i) nested += "</hi>";
  write_bytes(dir / "nested_100k.tmx", tmx_with_target(nested));
  cases.push_back({"100,000 nested inline tags", dir / "nested_100k.tmx",
                   "line 1: elements nested more than 1000 levels deep"});
  fs::create_directory(dir / "a_directory.tmx");
  cases.push_back({"directory passed as a file", dir / "a_directory.tmx", "is a directory"});
  make_socket(dir / "socket.tmx");
  cases.push_back({"unreadable file (a socket)", dir / "socket.tmx",
                   "socket.tmx: cannot open: No such device"});
  write_bytes(dir / "big.xlf", std::string(4096, ' ') + "<xliff/>");
  cases.push_back({"file beyond --max-dom-bytes",
                   dir / "big.xlf",
                   "--max-dom-bytes",
                   {"--max-dom-bytes", "1000"}});
  return cases;
}

// Writes a schema version one above this tmkit's with the bare LMDB API, as a newer tmkit
// would have left it.
void bump_schema_version(const fs::path& tm) {
  tmkit::testing::damage_tm(tm, [](MDB_txn* txn, auto dbi) {
    const std::uint32_t version = tmkit::TranslationMemory::kSchemaVersion + 1;
    char bytes[4];
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((version >> (8 * (3 - i))) & 0xFFu);
    std::string key = "schema_version";
    MDB_val k{key.size(), key.data()}, v{sizeof bytes, bytes};
    REQUIRE(mdb_put(txn, dbi("meta"), &k, &v, 0) == 0);
  });
}

// The files of a directory and their bytes, lock.mdb left out (every open may touch it).
std::vector<std::pair<fs::path, std::string>> files_of(const fs::path& dir) {
  std::vector<std::pair<fs::path, std::string>> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename() != "lock.mdb") {
      files.emplace_back(entry.path(), read_file(entry.path()));
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A TM of kSeedUnits units in `tm`, made by the real import.
void seed_tm(const TempDir& dir, const fs::path& tm) {
  tmkit::testing::write_units_tsv(dir / "seed.tsv", 0, kSeedUnits);
  REQUIRE(tmkit::testing::wait_child(
              tmkit::testing::start_tmkit(tmkit::testing::import_args(tm, dir / "seed.tsv", 20),
                                          dir / "seed.txt"))
              .code == 0);
}

// XXE: an entity naming a file of ours that holds a marker. The import refuses the file (its
// DOCTYPE declares an entity), and the marker must appear nowhere: not on stderr, not in the TM's
// data file, not in an export of the TM.
void check_xxe(const TempDir& dir, Table& table) {
  write_bytes(dir / "secret.txt", kMarker + "\n");
  const std::string body = tmx_with_target("&xxe;");
  const fs::path file = dir / "xxe.tmx";
  write_bytes(file,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx [<!ENTITY xxe "
              "SYSTEM \"file://" +
                  (dir / "secret.txt").string() + "\">]>\n" + body.substr(body.find("<tmx")));
  const fs::path tm = dir / "tm_xxe";
  seed_tm(dir, tm);
  const Outcome outcome = import(tm, file, {}, dir / "stderr.txt");
  const std::string err = read_file(dir / "stderr.txt");
  std::string shown = outcome.lines.empty() ? std::string() : outcome.lines.front();
  table.add("external entity (XXE): refused, the entity is never read", outcome.exit, shown);
  CHECK(outcome.exit == 1);
  CHECK(outcome.lines.size() == 1);
  CHECK(
      std::regex_search(shown, std::regex("xxe.tmx: line 2: entity declarations are not allowed")));
  CHECK(err.find(kMarker) == std::string::npos);
  CHECK(read_file(tm / "data.mdb").find(kMarker) == std::string::npos);
  const auto exported = tmkit::testing::wait_child(tmkit::testing::start_tmkit(
      {"export", "--tm", tm.string(), "--format", "tmx", "-o", (dir / "xxe_out.tmx").string()},
      dir / "export.txt"));
  CHECK(exported.code == 0);
  CHECK(read_file(dir / "xxe_out.tmx").find(kMarker) == std::string::npos);
  for (const auto& [source, target] : snapshot(tm)) {
    CHECK(source.find(kMarker) == std::string::npos);
    CHECK(target.find(kMarker) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("bad input: every case exits 1 with one line naming the file and leaves the TM as it was",
          "[reliability]") {
  TempDir dir;
  const fs::path tm = dir / "tm";
  seed_tm(dir, tm);
  const Snapshot before = snapshot(tm);
  REQUIRE(before.size() == kSeedUnits);
  Table table(dir);
  const fs::path gaps_tm = dir / "tm_gaps";
  seed_tm(dir, gaps_tm);
  for (const BadCase& bad : committed_cases()) {
    if (bad.gap.empty()) {
      check_case(bad, tm, before, dir, table);
    } else {
      run_gap(bad, gaps_tm, dir, table);
    }
  }
  for (const BadCase& bad : generated_cases(dir)) check_case(bad, tm, before, dir, table);
  check_xxe(dir, table);

  {
    // Root reads any file, so the import runs as nobody (a copy of tmkit nobody may run, in a
    // TM nobody may write: the file must fail before the TM is written).
    fs::permissions(dir.path(), fs::perms::all, fs::perm_options::add);
    const fs::path own_tm = dir / "tm_nobody";
    seed_tm(dir, own_tm);
    fs::permissions(own_tm, fs::perms::all, fs::perm_options::add);
    for (const auto& entry : fs::directory_iterator(own_tm)) {
      fs::permissions(entry.path(), fs::perms::all, fs::perm_options::add);
    }
    const Snapshot own_before = snapshot(own_tm);
    write_bytes(dir / "closed.tmx", tmx_with_target("Das Hafenamt."));
    fs::permissions(dir / "closed.tmx", fs::perms::none);
    tmkit::testing::ChildOptions nobody;
    nobody.drop_root = true;
    nobody.binary = dir / "tmkit";
    fs::copy_file(TMKIT_BINARY, nobody.binary);
    fs::permissions(nobody.binary, fs::perms::all, fs::perm_options::add);
    const fs::path output = dir / "nobody.txt";
    write_bytes(output, "");
    fs::permissions(output, fs::perms::all, fs::perm_options::add);
    const Outcome outcome = import(own_tm, dir / "closed.tmx", {}, output, nobody);
    const std::string line = outcome.lines.empty() ? std::string() : outcome.lines.front();
    table.add(::geteuid() == 0 ? "unreadable file (mode 000, run as nobody)"
                               : "unreadable file (mode 000)",
              outcome.exit, line);
    INFO(read_file(output));
    CHECK(outcome.exit == 1);
    CHECK(outcome.lines.size() == 1);
    CHECK(line.find((dir / "closed.tmx").string() + ": cannot open: Permission denied") !=
          std::string::npos);
    CHECK(snapshot(own_tm) == own_before);
  }
  table.write(TMKIT_BAD_INPUT_TABLE);
}

TEST_CASE("bad --tm: a folder that is not a TM and a TM of a newer schema are refused untouched",
          "[reliability]") {
  TempDir dir;
  Table table(dir);
  tmkit::testing::write_units_tsv(dir / "units.tsv", 0, 10);
  const auto import_into = [&](const fs::path& tm) {
    return import(tm, dir / "units.tsv", {"--src-lang", "en-GB", "--tgt-lang", "de-DE"},
                  dir / "stderr.txt");
  };
  const auto check_refused = [&](const std::string& name, const fs::path& tm,
                                 const std::string& expect) {
    const auto files_before = files_of(tm);
    const Outcome outcome = import_into(tm);
    const std::string line = outcome.lines.empty() ? std::string() : outcome.lines.front();
    table.add(name, outcome.exit, line);
    INFO(name << ": " << read_file(dir / "stderr.txt"));
    CHECK(outcome.exit == 1);
    CHECK(outcome.lines.size() == 1);
    CHECK(line.find(tm.string()) != std::string::npos);
    CHECK(std::regex_search(line, std::regex(expect)));
    CHECK(files_of(tm) == files_before);
  };

  fs::create_directory(dir / "documents");
  write_bytes(dir / "documents" / "notes.txt", "not a TM\n");
  check_refused("--tm: a folder of other files", dir / "documents",
                "not empty and holds no translation memory");
  fs::create_directory(dir / "fake");
  write_bytes(dir / "fake" / "data.mdb", std::string(8192, 'x'));
  check_refused("--tm: data.mdb that is not LMDB", dir / "fake", "lmdb|not a|invalid|Invalid");

  const fs::path newer = dir / "newer";
  REQUIRE(tmkit::TranslationMemory::open(newer).ok());
  bump_schema_version(newer);
  check_refused("--tm: a TM of a newer schema", newer, "schema version [0-9]+ is newer");
  table.write(TMKIT_BAD_TM_TABLE);
}
