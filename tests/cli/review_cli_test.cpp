// tmkit align --report/--json, apply-review, stats --json/--report and check --json, run as a
// user runs them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "../review/decisions_sample.hpp"
#include "run_tmkit.hpp"
#include "test_paths.hpp"

using tmkit::testing::run_tmkit;
using tmkit::testing::TempDir;

namespace {

std::string example(const std::string& name) {
  return (tmkit::testing::source_dir() / "examples" / "briefing" / name).string();
}

std::vector<std::string> align_args() {
  return {"align",
          example("briefing.zh.txt"),
          example("briefing.en.txt"),
          "--src-lang",
          "zh-CN",
          "--tgt-lang",
          "en-US"};
}

std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string sample_with(const std::string& from, const std::string& to) {
  std::string text = tmkit::testing::kDecisionsSample;
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("align --json is --format json, and excludes another --format", "[cli]") {
  TempDir scratch;
  auto args = align_args();
  args.push_back("--json");
  const auto json = run_tmkit(args, scratch);
  REQUIRE(json.exit_code == 0);
  auto format_args = align_args();
  format_args.insert(format_args.end(), {"--format", "json"});
  const auto format = run_tmkit(format_args, scratch);
  REQUIRE(format.exit_code == 0);
  CHECK(json.out == format.out);
  CHECK(json.out.rfind("{\"src_lang\":\"zh-CN\",\"tgt_lang\":\"en-US\",\"beads\":[", 0) == 0);
  args.insert(args.end(), {"--format", "tsv"});
  CHECK(run_tmkit(args, scratch).exit_code == 2);
}

TEST_CASE("align --report writes the review page; no progress drawn into a pipe", "[cli]") {
  TempDir scratch;
  auto args = align_args();
  const std::string page = (scratch / "review.html").string();
  args.insert(args.end(), {"--report", page, "-o", (scratch / "pairs.tsv").string()});
  const auto result = run_tmkit(args, scratch);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  std::ifstream in(page);
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("\"src_document\":\"briefing.zh.txt\",\"tgt_document\":\"briefing.en.txt\"") !=
        std::string::npos);
  // stderr is a file here, not a terminal: the summary lines only, no bar, no escapes.
  CHECK(result.err.find('\r') == std::string::npos);
  CHECK(result.err.find('\x1b') == std::string::npos);
  CHECK(result.err.find("review page: " + page) != std::string::npos);
}

TEST_CASE("quiet: -q/--quiet leaves stderr empty on success, before or after the subcommand",
          "[cli]") {
  TempDir scratch;
  auto after = align_args();
  after.insert(after.end(), {"-o", (scratch / "pairs.tsv").string(), "--quiet"});
  const auto quiet_after = run_tmkit(after, scratch);
  CHECK(quiet_after.exit_code == 0);
  CHECK(quiet_after.err.empty());
  auto before = align_args();
  before.insert(before.begin(), "-q");
  before.insert(before.end(), {"-o", (scratch / "pairs.tsv").string()});
  const auto quiet_before = run_tmkit(before, scratch);
  CHECK(quiet_before.exit_code == 0);
  CHECK(quiet_before.err.empty());
}

TEST_CASE("apply-review refuses a malformed decisions file naming file, line and bead", "[cli]") {
  TempDir scratch;
  const std::string path = write_file(
      scratch, "d.json", sample_with("\"decision\":\"reject\"", "\"decision\":\"maybe\""));
  const auto result = run_tmkit({"apply-review", "--tm", (scratch / "tm").string(), path}, scratch);
  CHECK(result.exit_code == 1);
  // The byte offset was found by searching the sample text (see decisions_test.cpp).
  CHECK(result.err == "tmkit apply-review: error: " + path +
                          ": unknown decision \"maybe\" (accept, reject or pending) (line 3, "
                          "byte 436, bead s1+1:t1+2)\n");
  CHECK(run_tmkit({"apply-review", "--tm", (scratch / "tm").string()}, scratch).exit_code == 2);
}

TEST_CASE("apply-review --json, stats --json/--report and check --json on the result", "[cli]") {
  TempDir scratch;
  const std::string path = write_file(scratch, "d.json", tmkit::testing::kDecisionsSample);
  const std::string tm = (scratch / "tm").string();
  const auto applied = run_tmkit({"apply-review", "--tm", tm, path, "--json"}, scratch);
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(applied.out ==
        "{\"decisions\":\"" + path +
            "\",\"accepted\":2,\"added\":2,\"already_stored\":0,\"rejected\":1,"
            "\"pending\":1,\"unpaired\":1,\"removed\":0,\"rejected_elsewhere\":[]}\n");
  const auto again = run_tmkit({"apply-review", "--tm", tm, path, "--json"}, scratch);
  CHECK(again.out.find("\"added\":0,\"already_stored\":2") != std::string::npos);

  const std::string page = (scratch / "stats.html").string();
  const auto stats = run_tmkit({"stats", "--tm", tm, "--json", "--report", page}, scratch);
  INFO(stats.err);
  REQUIRE(stats.exit_code == 0);
  // Two units: 你好/Hello at 0.9 (bin 9) and the merge without a confidence.
  CHECK(stats.out.find("\"units\":2,") != std::string::npos);
  CHECK(stats.out.find("\"pairs\":[{\"src_lang\":\"zh-CN\",\"tgt_lang\":\"en-US\",\"units\":2}]") !=
        std::string::npos);
  CHECK(stats.out.find("\"documents\":[{\"document\":\"a.zh.txt\",\"units\":2}]") !=
        std::string::npos);
  CHECK(stats.out.find("\"confidence_histogram\":[0,0,0,0,0,0,0,0,0,1],\"without_confidence\":1,"
                       "\"reviewed\":2,\"duplicated_units\":0,\"duplicate_adds\":0,"
                       "\"conflicts\":0") != std::string::npos);
  CHECK(std::filesystem::file_size(page) > 0);

  const auto check = run_tmkit({"check", "--tm", tm, "--json"}, scratch);
  CHECK(check.exit_code == 0);
  CHECK(check.out.rfind("{\"tm\":\"" + tm + "\",\"ok\":true,\"schema_version\":3,\"units\":2,",
                        0) == 0);
  CHECK(check.out.find("\"problem_count\":0,\"problems\":[]}") != std::string::npos);
}

TEST_CASE("on a terminal, align --tm draws a progress bar on stderr and erases it", "[cli]") {
  // script(1) (util-linux) runs tmkit on a pseudo-terminal: the only way to be a TTY in ctest.
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    WARN("script(1) is not installed: the terminal case is not tested");
    return;
  }
  TempDir scratch;
  const std::string out = (scratch / "tty.txt").string();
  std::string command = "script -qec \"TERM=xterm '" + std::string(TMKIT_BINARY) + "'";
  for (const std::string& arg : align_args()) command += " '" + arg + "'";
  command += " -o /dev/null --tm '" + (scratch / "tm").string() + "'\" /dev/null > '" + out + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream in(out, std::ios::binary);
  const std::string tty((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  INFO(tty);
  // The count depends on the aligner; the bar's shape does not.
  CHECK(tty.find("\rstoring [########################] 100% ") != std::string::npos);
  CHECK(tty.find("\r\x1b[2Kstored ") != std::string::npos);  // erased before the summary
}
