// The tmkit subcommands. Each cmd_<name>.cpp binds its options to a CLI11 subcommand
// (setup_<name>) and does the work in a function that returns a Status; the callback stores
// that Status in `outcome` so that main() can report it and choose the exit code.
#pragma once

#include <CLI/CLI.hpp>

#include "tmkit/status.hpp"

namespace tmkit::cli {

void setup_segment(CLI::App& app, Status& outcome);
void setup_align(CLI::App& app, Status& outcome);
void setup_import(CLI::App& app, Status& outcome);
void setup_export(CLI::App& app, Status& outcome);
void setup_pretranslate(CLI::App& app, Status& outcome);
void setup_lookup(CLI::App& app, Status& outcome);
void setup_stats(CLI::App& app, Status& outcome);
void setup_check(CLI::App& app, Status& outcome);
void setup_concordance(CLI::App& app, Status& outcome);
void setup_conflicts(CLI::App& app, Status& outcome);
void setup_maintenance(CLI::App& app, Status& outcome);  // reindex, compact, delete
void setup_apply_review(CLI::App& app, Status& outcome);

// Runs tmkit with the given arguments (argv[0] included) and returns the process exit code:
// 0 success, 1 bad input or I/O error (one "tmkit <cmd>: error: ..." line on stderr),
// 2 usage error.
int run_main(int argc, const char* const* argv);

}  // namespace tmkit::cli
