#include <iostream>
#include <memory>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

// Opens the TM read-only (so a check never changes it, and runs beside a writer) and
// verifies it. Every problem listed goes to stderr; the Status names the first and the count.
Status run_check(const std::string& tm_path) {
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(tm_path));
  TMKIT_ASSIGN_OR_RETURN(const CheckReport report, tm.check());
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
  CLI::App* cmd = app.add_subcommand(
      "check", "Verify a TM: every index entry points to a unit and every unit is indexed");
  add_tm_option(*cmd, *tm_path)->required();
  cmd->callback([tm_path, &outcome] { outcome = run_check(*tm_path); });
}

}  // namespace tmkit::cli
