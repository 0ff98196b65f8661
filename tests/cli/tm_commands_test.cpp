// The TM subcommands (lookup, concordance, conflicts, import --on-conflict, reindex, compact,
// delete) run as a user runs them, on small TMs whose expected output is worked out by hand
// from docs/matching.md.
#include <lmdb.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_tmkit.hpp"

using tmkit::testing::run_tmkit;
using tmkit::testing::RunResult;
using tmkit::testing::TempDir;

namespace {

std::string write_file(const TempDir& scratch, const std::string& name,
                       const std::string& contents) {
  const std::string path = (scratch / name).string();
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

RunResult run_ok(const std::vector<std::string>& args, const TempDir& scratch) {
  RunResult result = run_tmkit(args, scratch);
  INFO("tmkit " << args.front() << ": " << result.err);
  REQUIRE(result.exit_code == 0);
  return result;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Four en-US -> de-DE units, ids 1-4 in file order, document "units.tsv".
std::string make_tm(const TempDir& scratch) {
  const std::string tsv = write_file(scratch, "units.tsv",
                                     "The cat sat on the mat.\tDie Katze saß auf der Matte.\n"
                                     "The dog sat on the mat.\tDer Hund saß auf der Matte.\n"
                                     "Chapter 3 has 12 verses.\tKapitel 3 hat 12 Verse.\n"
                                     "Open the file.\tÖffne die Datei.\n");
  const std::string tm = (scratch / "units.tm").string();
  run_ok({"import", "--tm", tm, "--src-lang", "en-US", "--tgt-lang", "de-DE", tsv}, scratch);
  return tm;
}

// A TMX file of one en-US -> de-DE unit created at `date` (TMX basic date format).
std::string tmx_unit(const std::string& source, const std::string& target,
                     const std::string& date) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"
         "<header creationtool=\"hand\" creationtoolversion=\"1\" segtype=\"sentence\" "
         "o-tmf=\"none\" adminlang=\"en\" srclang=\"en-US\" datatype=\"plaintext\"/>\n<body>\n"
         "<tu creationdate=\"" +
         date + "\"><tuv xml:lang=\"en-US\"><seg>" + source +
         "</seg></tuv><tuv xml:lang=\"de-DE\"><seg>" + target +
         "</seg></tuv></tu>\n</body>\n</tmx>\n";
}

// The targets `lookup` returns for `query` at 100%, in order.
std::vector<std::string> exact_targets(const std::string& tm, const std::string& query,
                                       const TempDir& scratch) {
  const RunResult result = run_ok({"lookup", "--tm", tm, "--min-score", "100", "--json",
                                   "--queries", write_file(scratch, "query.txt", query + "\n")},
                                  scratch);
  std::vector<std::string> targets;
  const std::regex target("\"target\":\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(result.out.begin(), result.out.end(), target);
       it != std::sregex_iterator(); ++it) {
    targets.push_back((*it)[1]);
  }
  return targets;
}

// `elapsed_ms` varies from run to run: replaced by a fixed value before comparing.
std::string without_elapsed(const std::string& line) {
  return std::regex_replace(line, std::regex("\"elapsed_ms\":[0-9.]+"), "\"elapsed_ms\":T");
}

std::string provenance(int line) {
  return "{\"document\":\"units.tsv\",\"src_position\":\"" + std::to_string(line) +
         "\",\"tgt_position\":\"" + std::to_string(line) + "\",\"bead\":\"\",\"tool\":\"\"}";
}

// The line `tmkit import` prints for one file, written out from its counts.
std::string import_report(const std::string& file, int read, int added, int variants, int there,
                          int replaced, int skipped) {
  return file + ": " + std::to_string(read) + " units read, " + std::to_string(added) + " added (" +
         std::to_string(variants) + " new variants), " + std::to_string(there) +
         " already there, " + std::to_string(replaced) + " replaced, " + std::to_string(skipped) +
         " skipped by --on-conflict\n";
}

}  // namespace

TEST_CASE("lookup --queries --json writes one object per query, best match first", "[cli]") {
  TempDir scratch;
  const std::string tm = make_tm(scratch);
  const std::string queries = write_file(scratch, "queries.txt",
                                         "The cat sat on the mat.\n"
                                         "\n"  // blank lines are skipped
                                         "Chapter 4 has 12 verses.\n"
                                         "Nothing here resembles any unit\n");
  const RunResult result =
      run_ok({"lookup", "--tm", tm, "--min-score", "50", "--json", "--queries", queries}, scratch);
  const std::vector<std::string> lines = lines_of(result.out);
  REQUIRE(lines.size() == 3);
  // 7 tokens each (the full stop is one); the dog unit differs by one substitution.
  CHECK(without_elapsed(lines[0]) ==
        "{\"query\":\"The cat sat on the mat.\",\"elapsed_ms\":T,\"matches\":["
        "{\"id\":1,\"score\":100.00,\"source\":\"The cat sat on the mat.\","
        "\"target\":\"Die Katze saß auf der Matte.\","
        "\"stored_target\":\"Die Katze saß auf der Matte.\",\"source_lang\":\"en-US\","
        "\"target_lang\":\"de-DE\",\"use_count\":1,"
        "\"explain\":\"exact: equal after NFC and white space normalisation = 100\","
        "\"provenance\":" +
            provenance(0) +
            "},"
            "{\"id\":2,\"score\":85.71,\"source\":\"The dog sat on the mat.\","
            "\"target\":\"Der Hund saß auf der Matte.\","
            "\"stored_target\":\"Der Hund saß auf der Matte.\",\"source_lang\":\"en-US\","
            "\"target_lang\":\"de-DE\",\"use_count\":1,"
            "\"explain\":\"edit distance 1 over max(7, 7) tokens: 100 * (1 - 1/7) = 85.71\","
            "\"provenance\":" +
            provenance(1) + "}]}");
  // Numbers only: 99, with the query's number put into the target.
  CHECK(without_elapsed(lines[1]) ==
        "{\"query\":\"Chapter 4 has 12 verses.\",\"elapsed_ms\":T,\"matches\":["
        "{\"id\":3,\"score\":99.00,\"source\":\"Chapter 3 has 12 verses.\","
        "\"target\":\"Kapitel 4 hat 12 Verse.\",\"stored_target\":\"Kapitel 3 hat 12 Verse.\","
        "\"source_lang\":\"en-US\",\"target_lang\":\"de-DE\",\"use_count\":1,"
        "\"explain\":\"same 6 tokens but 1 number(s) differ = 99.0\",\"provenance\":" +
            provenance(2) + "}]}");
  CHECK(without_elapsed(lines[2]) ==
        "{\"query\":\"Nothing here resembles any unit\",\"elapsed_ms\":T,\"matches\":[]}");
  CHECK(std::regex_search(lines[0], std::regex("\"elapsed_ms\":[0-9]+\\.[0-9]{3},")));
}

TEST_CASE("lookup --stop-at-exact leaves out fuzzy matches when an exact one exists", "[cli]") {
  TempDir scratch;
  const std::string tm = make_tm(scratch);
  const std::vector<std::string> base = {"lookup", "--tm", tm, "--min-score", "50", "--json"};
  const auto ids = [&](std::vector<std::string> args, const std::string& query) {
    args.push_back(query);
    const std::string out = run_ok(args, scratch).out;
    std::string found;
    const std::regex id("\"id\":([0-9]+)");
    for (auto it = std::sregex_iterator(out.begin(), out.end(), id); it != std::sregex_iterator();
         ++it) {
      found += (*it)[1].str() + " ";
    }
    return found;
  };
  std::vector<std::string> stop = base;
  stop.push_back("--stop-at-exact");
  CHECK(ids(base, "The cat sat on the mat.") == "1 2 ");
  CHECK(ids(stop, "The cat sat on the mat.") == "1 ");
  // Without an exact match the option changes nothing.
  CHECK(ids(stop, "The cow sat on the mat.") == ids(base, "The cow sat on the mat."));
  CHECK(ids(stop, "The cow sat on the mat.") == "2 1 ");
}

TEST_CASE("lookup --explain shows the rule and the numbers behind each score", "[cli]") {
  TempDir scratch;
  const std::string tm = make_tm(scratch);
  const RunResult result = run_ok(
      {"lookup", "--tm", tm, "--min-score", "60", "--explain", "The cat sat on the mat"}, scratch);
  // Without the full stop the query has 6 tokens: one deletion from the cat unit, a deletion
  // and a substitution from the dog unit.
  CHECK(result.out ==
        " 85.7%  The cat sat on the mat.  =>  Die Katze saß auf der Matte.  [en-US -> de-DE]\n"
        "        id 1, used 1x: edit distance 1 over max(6, 7) tokens: 100 * (1 - 1/7) = 85.71\n"
        " 71.4%  The dog sat on the mat.  =>  Der Hund saß auf der Matte.  [en-US -> de-DE]\n"
        "        id 2, used 1x: edit distance 2 over max(6, 7) tokens: 100 * (1 - 2/7) = "
        "71.43\n");

  const RunResult numbers =
      run_ok({"lookup", "--tm", tm, "--explain", "Chapter 4 has 12 verses."}, scratch);
  CHECK(numbers.out ==
        " 99.0%  Chapter 3 has 12 verses.  =>  Kapitel 4 hat 12 Verse.  [en-US -> de-DE]\n"
        "        id 3, used 1x: same 6 tokens but 1 number(s) differ = 99.0\n"
        "        number 3 -> 4\n"
        "        stored target: Kapitel 3 hat 12 Verse.\n");
}

TEST_CASE("concordance highlights the hit, newest first, on either side, in pages", "[cli]") {
  TempDir scratch;
  const std::string tm = make_tm(scratch);
  const RunResult both = run_ok({"concordance", "--tm", tm, "SAT ON"}, scratch);
  CHECK(both.out ==
        "#2  The dog [[sat on]] the mat.  <=>  Der Hund saß auf der Matte.  [en-US -> de-DE]\n"
        "#1  The cat [[sat on]] the mat.  <=>  Die Katze saß auf der Matte.  [en-US -> de-DE]\n");
  CHECK(both.err == "units 1-2 of 2, newest first\n");

  const RunResult second_page =
      run_ok({"concordance", "--tm", tm, "--limit", "1", "--offset", "1", "sat on"}, scratch);
  CHECK(second_page.out ==
        "#1  The cat [[sat on]] the mat.  <=>  Die Katze saß auf der Matte.  [en-US -> de-DE]\n");
  CHECK(second_page.err == "units 2-2 of 2, newest first\n");

  const RunResult target = run_ok({"concordance", "--tm", tm, "--side", "tgt", "Katze"}, scratch);
  CHECK(target.out ==
        "#1  Die [[Katze]] saß auf der Matte.  <=>  The cat sat on the mat.  [en-US -> de-DE]\n");

  // Whole words only, and the source side does not hold German.
  const RunResult none = run_ok({"concordance", "--tm", tm, "Katze"}, scratch);
  CHECK(none.out.empty());
  CHECK(none.err == "0 units contain it\n");
}

TEST_CASE("concordance finds a Chinese substring inside a sentence", "[cli]") {
  TempDir scratch;
  const std::string tsv =
      write_file(scratch, "zh.tsv",
                 "浙江正在推进数字化改革。\tZhejiang is advancing digital reform.\n"
                 "我们欢迎大家。\tWe welcome everyone.\n");
  const std::string tm = (scratch / "zh.tm").string();
  run_ok({"import", "--tm", tm, "--src-lang", "zh-CN", "--tgt-lang", "en-US", tsv}, scratch);
  const RunResult result = run_ok({"concordance", "--tm", tm, "数字化"}, scratch);
  CHECK(result.out ==
        "#1  浙江正在推进[[数字化]]改革。  <=>  Zhejiang is advancing digital reform.  [zh-CN -> "
        "en-US]\n");
}

TEST_CASE("import --on-conflict decides what happens to a stored source's new target", "[cli]") {
  TempDir scratch;
  const std::string tm = (scratch / "c.tm").string();
  const std::string old_tmx = write_file(
      scratch, "old.tmx", tmx_unit("Save the file.", "Datei speichern.", "20200101T000000Z"));
  const std::string new_tmx =
      write_file(scratch, "new.tmx",
                 tmx_unit("Save the file.", "Speichern Sie die Datei.", "20210101T000000Z"));
  run_ok({"import", "--tm", tm, old_tmx}, scratch);

  SECTION("keep-both (the default) stores a variant, which conflicts lists") {
    const RunResult added = run_ok({"import", "--tm", tm, new_tmx}, scratch);
    CHECK(added.err == import_report(new_tmx, 1, 1, 1, 0, 0, 0));
    CHECK(exact_targets(tm, "Save the file.", scratch) ==
          std::vector<std::string>{"Speichern Sie die Datei.", "Datei speichern."});
    const RunResult conflicts = run_ok({"conflicts", "--tm", tm}, scratch);
    // Newest variant first; 2021-01-01 and 2020-01-01 00:00 UTC as Unix time.
    CHECK(conflicts.out ==
          "Save the file.  [en-US -> de-DE, 2 targets]\n"
          "  #2  Speichern Sie die Datei.  (used 1x, created 1609459200)\n"
          "  #1  Datei speichern.  (used 1x, created 1577836800)\n");
    CHECK(conflicts.err == "1 sources with more than one target\n");
  }
  SECTION("an exact duplicate is never stored twice, only counted as used again") {
    const RunResult again = run_ok({"import", "--tm", tm, old_tmx}, scratch);
    CHECK(again.err == import_report(old_tmx, 1, 0, 0, 1, 0, 0));
    const RunResult conflicts = run_ok({"conflicts", "--tm", tm}, scratch);
    CHECK(conflicts.out.empty());
    CHECK(conflicts.err == "0 sources with more than one target\n");
    const RunResult explain =
        run_ok({"lookup", "--tm", tm, "--explain", "Save the file."}, scratch);
    CHECK_THAT(explain.out, Catch::Contains("id 1, used 2x"));
  }
  SECTION("prefer-existing keeps the stored target") {
    const RunResult skipped =
        run_ok({"import", "--tm", tm, "--on-conflict", "prefer-existing", new_tmx}, scratch);
    CHECK(skipped.err == import_report(new_tmx, 1, 0, 0, 0, 0, 1));
    CHECK(exact_targets(tm, "Save the file.", scratch) ==
          std::vector<std::string>{"Datei speichern."});
  }
  SECTION("prefer-newer replaces an older target, and keeps a newer one") {
    const RunResult replaced =
        run_ok({"import", "--tm", tm, "--on-conflict", "prefer-newer", new_tmx}, scratch);
    CHECK(replaced.err == import_report(new_tmx, 1, 1, 0, 0, 1, 0));
    CHECK(exact_targets(tm, "Save the file.", scratch) ==
          std::vector<std::string>{"Speichern Sie die Datei."});
    const RunResult older =
        run_ok({"import", "--tm", tm, "--on-conflict", "prefer-newer", old_tmx}, scratch);
    CHECK(older.err == import_report(old_tmx, 1, 0, 0, 0, 0, 1));
    CHECK(exact_targets(tm, "Save the file.", scratch) ==
          std::vector<std::string>{"Speichern Sie die Datei."});
  }
  SECTION("an unknown policy is a usage error") {
    CHECK(
        run_tmkit({"import", "--tm", tm, "--on-conflict", "newest", new_tmx}, scratch).exit_code ==
        2);
  }
}

TEST_CASE("delete --document removes that document's units and nothing else", "[cli]") {
  TempDir scratch;
  const std::string tm = make_tm(scratch);
  const std::string other =
      write_file(scratch, "other.tsv", "The bird sat on the mat.\tDer Vogel saß auf der Matte.\n");
  run_ok({"import", "--tm", tm, "--src-lang", "en-US", "--tgt-lang", "de-DE", other}, scratch);

  const RunResult deleted = run_ok({"delete", "--tm", tm, "--document", "units.tsv"}, scratch);
  CHECK(deleted.err == tm + ": 4 units deleted\n");
  const RunResult found =
      run_ok({"lookup", "--tm", tm, "--min-score", "50", "The cat sat on the mat."}, scratch);
  CHECK(found.out ==
        " 85.7%  The bird sat on the mat.  =>  Der Vogel saß auf der Matte.  [en-US -> de-DE]\n");
  CHECK_THAT(run_ok({"stats", "--tm", tm}, scratch).out,
             Catch::Contains("units:              1\n"));
  // The deleted units are gone from the concordance index too.
  CHECK(run_ok({"concordance", "--tm", tm, "cat"}, scratch).out.empty());
  CHECK(run_ok({"delete", "--tm", tm, "--document", "units.tsv"}, scratch).err ==
        tm + ": 0 units deleted\n");
}

TEST_CASE("compact rewrites the TM without its free pages and keeps every unit", "[cli]") {
  TempDir scratch;
  const std::string tm = make_tm(scratch);
  run_ok({"delete", "--tm", tm, "--document", "units.tsv"}, scratch);
  run_ok({"import", "--tm", tm, "--src-lang", "en-US", "--tgt-lang", "de-DE",
          (scratch / "units.tsv").string()},
         scratch);
  const auto before = std::filesystem::file_size(std::filesystem::path(tm) / "data.mdb");
  const RunResult compacted = run_ok({"compact", "--tm", tm}, scratch);
  const auto after = std::filesystem::file_size(std::filesystem::path(tm) / "data.mdb");
  CHECK(after <= before);
  CHECK(compacted.err ==
        tm + ": data.mdb " + std::to_string(before) + " -> " + std::to_string(after) + " bytes\n");
  const RunResult found = run_ok({"lookup", "--tm", tm, "Open the file."}, scratch);
  CHECK(found.out == "100.0%  Open the file.  =>  Öffne die Datei.  [en-US -> de-DE]\n");
  CHECK_THAT(run_ok({"stats", "--tm", tm}, scratch).out,
             Catch::Contains("units:              4\n"));
}

namespace {

// Turns a TM into one of schema 1 (before the index): only meta, units and dedupe hold data,
// and meta says 1. Written with LMDB directly, as tmkit before the index left it.
void downgrade_to_schema_1(const std::string& tm) {
  MDB_env* env = nullptr;
  REQUIRE(mdb_env_create(&env) == 0);
  REQUIRE(mdb_env_set_maxdbs(env, 16) == 0);
  REQUIRE(mdb_env_open(env, tm.c_str(), 0, 0644) == 0);
  MDB_txn* txn = nullptr;
  REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
  for (const char* name : {"sources", "usage", "sig", "src_blocks", "tgt_blocks"}) {
    MDB_dbi dbi = 0;
    REQUIRE(mdb_dbi_open(txn, name, 0, &dbi) == 0);
    REQUIRE(mdb_drop(txn, dbi, 1) == 0);
  }
  MDB_dbi meta = 0;
  REQUIRE(mdb_dbi_open(txn, "meta", 0, &meta) == 0);
  char key_bytes[] = "schema_version";
  char version_bytes[] = {0, 0, 0, 1};
  MDB_val key{sizeof key_bytes - 1, key_bytes};
  MDB_val version{sizeof version_bytes, version_bytes};
  REQUIRE(mdb_put(txn, meta, &key, &version, 0) == 0);
  REQUIRE(mdb_txn_commit(txn) == 0);
  mdb_env_close(env);
}

}  // namespace

TEST_CASE("a schema 1 TM is refused by lookup until reindex upgrades it", "[cli]") {
  TempDir scratch;
  const std::string tm = make_tm(scratch);
  downgrade_to_schema_1(tm);

  const RunResult refused = run_tmkit({"lookup", "--tm", tm, "The cat sat on the mat."}, scratch);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("schema version 1") && Catch::Contains("tmkit reindex"));

  const RunResult reindexed = run_ok({"reindex", "--tm", tm}, scratch);
  CHECK(reindexed.err == tm + ": 4 units indexed, schema 3\n");
  const RunResult found =
      run_ok({"lookup", "--tm", tm, "--min-score", "80", "The cat sat on the mat."}, scratch);
  CHECK(found.out ==
        "100.0%  The cat sat on the mat.  =>  Die Katze saß auf der Matte.  [en-US -> de-DE]\n"
        " 85.7%  The dog sat on the mat.  =>  Der Hund saß auf der Matte.  [en-US -> de-DE]\n");
  CHECK(run_ok({"concordance", "--tm", tm, "--side", "tgt", "Datei"}, scratch).out ==
        "#4  Öffne die [[Datei]].  <=>  Open the file.  [en-US -> de-DE]\n");
}

TEST_CASE("import --batch commits each batch, so a failure loses only the batch it is in",
          "[cli]") {
  TempDir scratch;
  const std::string tm = (scratch / "b.tm").string();
  // The fifth unit's source is only white space: the TM refuses it (the reader does not).
  const std::string tsv = write_file(scratch, "batches.tsv",
                                     "one\teins\ntwo\tzwei\nthree\tdrei\nfour\tvier\n \tleer\n");
  const RunResult failed = run_tmkit(
      {"import", "--tm", tm, "--src-lang", "en", "--tgt-lang", "de", "--batch", "2", tsv}, scratch);
  CHECK(failed.exit_code == 1);
  CHECK_THAT(failed.err, Catch::Contains("units 5-5 (units 1-4 are committed)") &&
                             Catch::Contains("empty source text"));
  CHECK_THAT(run_ok({"stats", "--tm", tm}, scratch).out,
             Catch::Contains("units:              4\n"));

  // Running it again with the bad line fixed adds only that line; the rest are duplicates,
  // also across batches.
  write_file(scratch, "batches.tsv", "one\teins\ntwo\tzwei\nthree\tdrei\nfour\tvier\nfive\tfünf\n");
  const RunResult again = run_ok(
      {"import", "--tm", tm, "--src-lang", "en", "--tgt-lang", "de", "--batch", "2", tsv}, scratch);
  CHECK(again.err == import_report(tsv, 5, 1, 0, 4, 0, 0));
  CHECK(run_tmkit({"import", "--tm", tm, "--batch", "0", tsv}, scratch).exit_code == 2);
}

TEST_CASE("commands that write a TM refuse a folder of other files as --tm and leave it alone",
          "[cli]") {
  TempDir scratch;
  const std::string folder = (scratch / "documents").string();
  std::filesystem::create_directory(folder);
  write_file(scratch, "documents/letter.txt", "Dear all,\n");
  write_file(scratch, "documents/lock.mdb", "");  // beside other files, no sign of a TM
  const std::string zh = write_file(scratch, "a.zh.txt", "你好。\n");
  const std::string en = write_file(scratch, "a.en.txt", "Hello.\n");
  const std::string tsv = write_file(scratch, "pairs.tsv", "Hello.\tHallo.\n");
  const std::vector<std::vector<std::string>> commands = {
      {"import", "--tm", folder, "--src-lang", "en", "--tgt-lang", "de", tsv},
      {"align", zh, en, "--src-lang", "zh", "--tgt-lang", "en", "-o", "-", "--tm", folder},
  };
  for (const auto& args : commands) {
    const RunResult result = run_tmkit(args, scratch);
    INFO("tmkit " << args.front() << ": " << result.err);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err,
               Catch::Contains(folder + " is not empty and holds no translation memory"));
  }
  std::vector<std::string> entries;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    entries.push_back(entry.path().filename().string());
  }
  std::sort(entries.begin(), entries.end());
  CHECK(entries == std::vector<std::string>{"letter.txt", "lock.mdb"});
}

TEST_CASE("a --tm folder holding only LMDB's lock file, a creation killed early, becomes the TM",
          "[cli]") {
  // LMDB creates lock.mdb before data.mdb: an import killed between the two left this, and
  // the next one must not take it for somebody's folder (seen in the kill test).
  TempDir scratch;
  const std::string tm = (scratch / "tm").string();
  std::filesystem::create_directory(tm);
  write_file(scratch, "tm/lock.mdb", "");
  const std::string tsv = write_file(scratch, "pairs.tsv", "Hello.\tHallo.\n");
  run_ok({"import", "--tm", tm, "--src-lang", "en", "--tgt-lang", "de", tsv}, scratch);
  CHECK_THAT(run_ok({"stats", "--tm", tm}, scratch).out,
             Catch::Contains("units:              1\n"));
}
