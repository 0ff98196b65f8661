#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>

namespace tmkit::cli {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
constexpr auto kSpinnerInterval = std::chrono::milliseconds(200);

std::string duration(double seconds) {
  const auto whole = static_cast<long long>(seconds + 0.5);
  char buffer[32];
  if (whole >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", whole / 3600, whole / 60 % 60,
                  whole % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", whole / 60, whole % 60);
  }
  return buffer;
}

// Blanks the line the cursor is on and returns to its start.
void erase_line(std::ostream& out) { out << "\r\x1b[2K" << std::flush; }

}  // namespace

void add_verbosity_flags(CLI::App& app) {
  app.add_flag("-q,--quiet")->description("No progress and no summaries on stderr (errors still)");
  app.add_flag("-v,--verbose")->description("More detail on stderr");
  // So the flags work after the subcommand's own options too: tmkit align ... --quiet.
  app.fallthrough();
}

Verbosity verbosity_of(const CLI::App& cmd) {
  const CLI::App* root = &cmd;
  while (root->get_parent() != nullptr) root = root->get_parent();
  const auto count = [root](const char* name) {
    const CLI::Option* option = root->get_option_no_throw(name);
    return option == nullptr ? 0 : option->count();
  };
  if (count("--quiet") > 0) return Verbosity::kQuiet;
  if (count("--verbose") > 0) return Verbosity::kVerbose;
  return Verbosity::kNormal;
}

bool progress_wanted(Verbosity verbosity) {
  if (verbosity == Verbosity::kQuiet) return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return isatty(STDERR_FILENO) == 1;
}

std::string format_progress(std::string_view label, std::uint64_t done, std::uint64_t total,
                            double elapsed_seconds, std::size_t bar_width) {
  std::string line(label);
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0.0;
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.0f/s", rate);
  if (total == 0) {
    return line + " " + std::to_string(done) + " " + rate_text + " " + duration(elapsed_seconds);
  }
  const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const auto filled = static_cast<std::size_t>(fraction * static_cast<double>(bar_width));
  line += " [" + std::string(filled, '#') + std::string(bar_width - filled, '.') + "] ";
  line += std::to_string(static_cast<int>(fraction * 100)) + "% " + std::to_string(done) + "/" +
          std::to_string(total) + " " + rate_text;
  // No estimate before anything is done: a rate of zero would promise forever.
  if (done > 0 && done < total && rate > 0) {
    line += " ETA " + duration(static_cast<double>(total - done) / rate);
  }
  return line;
}

Progress::Progress(std::string label, std::uint64_t total, Verbosity verbosity)
    : Progress(std::move(label), total, std::cerr, progress_wanted(verbosity)) {}

Progress::Progress(std::string label, std::uint64_t total, std::ostream& out, bool enabled)
    : label_(std::move(label)),
      total_(total),
      out_(out),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - kRedrawInterval) {}

Progress::~Progress() { finish(); }

void Progress::advance(std::uint64_t steps) {
  done_ += steps;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawInterval && done_ != total_) return;
  last_draw_ = now;
  draw();
}

void Progress::draw() {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  out_ << '\r' << format_progress(label_, done_, total_, elapsed) << "\x1b[K" << std::flush;
  drawn_ = true;
}

void Progress::finish() {
  if (drawn_) erase_line(out_);
  drawn_ = false;
  enabled_ = false;
}

Status run_with_spinner(const std::string& label, Verbosity verbosity,
                        const std::function<Status()>& work) {
  if (!progress_wanted(verbosity)) return work();
  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;
  const auto start = std::chrono::steady_clock::now();
  std::thread ticker([&] {
    std::unique_lock lock(mutex);
    while (!done_signal.wait_for(lock, kSpinnerInterval, [&] { return done; })) {
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cerr << '\r' << label << " " << duration(elapsed) << "\x1b[K" << std::flush;
    }
  });
  Status status = work();
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  done_signal.notify_one();
  ticker.join();
  erase_line(std::cerr);
  return status;
}

}  // namespace tmkit::cli
