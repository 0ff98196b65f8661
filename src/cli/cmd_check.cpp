#include <iostream>
#include <memory>

#include "align_output.hpp"
#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

// {"tm","ok","schema_version","units","index_entries","unindexed_units","problem_count",
// "problems":[...]}: the
// exit code still says whether the TM is consistent, so scripts may use either.
void print_json(const std::string& tm_path, const CheckReport& report) {
  std::cout << "{\"tm\":" << json_string(tm_path)
            << ",\"ok\":" << (report.clean() ? "true" : "false")
            << ",\"schema_version\":" << report.schema_version << ",\"units\":" << report.units
            << ",\"index_entries\":" << report.index_entries
            << ",\"unindexed_units\":" << report.unindexed_units
            << ",\"problem_count\":" << report.problem_count << ",\"problems\":[";
  for (std::size_t i = 0; i < report.problems.size(); ++i) {
    std::cout << (i ? "," : "") << json_string(report.problems[i]);
  }
  std::cout << "]}\n";
}

// Opens the TM read-only (so a check never changes it, and runs beside a writer) and
// verifies it. Every problem listed goes to stderr; the Status names the first and the count.
Status run_check(const std::string& tm_path, bool json) {
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(tm_path));
  TMKIT_ASSIGN_OR_RETURN(const CheckReport report, tm.check());
  if (json) print_json(tm_path, report);
  if (report.unindexed_units > 0 && !json) {
    std::cout << tm_path << ": " << report.unindexed_units
              << " units wait for the fuzzy index of an import (running, or interrupted: the "
                 "next import finishes it); lookups scan them meanwhile\n";
  }
  if (report.clean() && json) return {};
  if (report.clean()) {
    std::cout << tm_path << ": ok (schema " << report.schema_version << ", " << report.units
              << " units, " << report.index_entries << " index entries)\n";
    return {};
  }
  for (std::size_t i = 1; i < report.problems.size(); ++i) {
    std::cerr << "tmkit check: " << tm_path << ": " << report.problems[i] << "\n";
  }
  return Status::storage(tm_path + ": " + std::to_string(report.problem_count) +
                         " problem(s), the first: " + report.problems.front());
}

}  // namespace

void setup_check(CLI::App& app, Status& outcome) {
  auto tm_path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "check", "Verify a TM: every index entry points to a unit and every unit is indexed");
  add_tm_option(*cmd, *tm_path)->required();
  cmd->add_flag("--json", *json, "Print the result as one JSON object on stdout");
  cmd->callback([tm_path, json, &outcome] { outcome = run_check(*tm_path, *json); });
}

}  // namespace tmkit::cli
