#include <iostream>
#include <string>

#include "commands.hpp"
#include "progress.hpp"

namespace tmkit::cli {
namespace {

constexpr int kExitBadInput = 1;
constexpr int kExitUsage = 2;

std::string active_subcommand_name(const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands()) return sub->get_name();
  return "";
}

}  // namespace

int run_main(int argc, const char* const* argv) {
  CLI::App app{"tmkit: sentence alignment and translation memories", "tmkit"};
  app.set_version_flag("--version", std::string("tmkit ") + TMKIT_VERSION);
  app.require_subcommand(1);
  add_verbosity_flags(app);  // before the subcommands, which inherit fallthrough
  Status outcome;
  setup_segment(app, outcome);
  setup_align(app, outcome);
  setup_import(app, outcome);
  setup_export(app, outcome);
  setup_pretranslate(app, outcome);
  setup_lookup(app, outcome);
  setup_stats(app, outcome);
  setup_check(app, outcome);
  setup_concordance(app, outcome);
  setup_conflicts(app, outcome);
  setup_maintenance(app, outcome);
  setup_apply_review(app, outcome);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 has its own exit codes (106 for a missing option...); tmkit promises 2 for usage.
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }
  if (outcome.ok()) return 0;
  std::cerr << "tmkit " << active_subcommand_name(app) << ": error: " << outcome.message() << "\n";
  return kExitBadInput;
}

}  // namespace tmkit::cli
