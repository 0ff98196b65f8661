// Progress on long work, for the subcommands. A bar with rate and ETA goes to stderr only when
// stderr is a terminal and the user did not ask for --quiet; in pipes, files and CI nothing is
// drawn, so logs stay clean. Typical use in a subcommand:
//
//   Progress progress("importing", total_units, verbosity_of(*cmd));
//   for (...) { ...; progress.advance(batch.size()); }
//   progress.finish();   // or let the destructor erase the bar
//
// For one long call that reports nothing until it returns (reindex, compact, align), use
// run_with_spinner(), which shows the label and the elapsed time.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "tmkit/status.hpp"

namespace tmkit::cli {

// How much a subcommand says on stderr: the global --quiet / --verbose.
enum class Verbosity { kQuiet, kNormal, kVerbose };

// Adds --quiet/-q and --verbose/-v to the main command (flags that may come after the
// subcommand too).
void add_verbosity_flags(CLI::App& app);

// The verbosity given on the command line of the tmkit command that `cmd` belongs to.
// Call it when the subcommand runs (in its callback), not when it is set up.
Verbosity verbosity_of(const CLI::App& cmd);

// True when progress may be drawn: stderr is a terminal whose TERM is not "dumb", and
// verbosity is not kQuiet.
bool progress_wanted(Verbosity verbosity);

// One line of progress, without the carriage return: "label [#####.....] 45% 4500/10000
// 1234/s ETA 0:04" when `total` is known, "label 4500 1234/s 0:03" when it is 0 (unknown).
std::string format_progress(std::string_view label, std::uint64_t done, std::uint64_t total,
                            double elapsed_seconds, std::size_t bar_width = 24);

class Progress {
 public:
  // A bar for `total` steps (0 = unknown), drawn to `out` only when `enabled`. The first
  // constructor draws to stderr when progress_wanted(verbosity).
  Progress(std::string label, std::uint64_t total, Verbosity verbosity);
  Progress(std::string label, std::uint64_t total, std::ostream& out, bool enabled);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();  // finish()

  // Counts `steps` more done and redraws, at most ten times a second.
  void advance(std::uint64_t steps = 1);
  // Erases the bar (nothing was printed on other lines, so the terminal is as before).
  void finish();

 private:
  void draw();

  std::string label_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
  std::ostream& out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// Runs `work` and, when progress_wanted(verbosity), shows "label 0:12" on stderr from a
// helper thread every 200 ms until it returns; the line is erased afterwards.
Status run_with_spinner(const std::string& label, Verbosity verbosity,
                        const std::function<Status()>& work);

}  // namespace tmkit::cli
