// tmkit apply-review: store the accepted pairs of a review (docs/review.md).
#include <iostream>
#include <memory>

#include "align_output.hpp"
#include "cli_util.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "tmkit/review/review.hpp"

namespace tmkit::cli {
namespace {

struct ApplyReviewOptions {
  std::string tm;
  std::string decisions;
  bool json = false;
};

void print_json(const std::string& path, const review::ApplyReport& report) {
  std::cout << "{\"decisions\":" << json_string(path) << ",\"accepted\":" << report.accepted
            << ",\"added\":" << report.added << ",\"already_stored\":" << report.already_stored
            << ",\"rejected\":" << report.rejected << ",\"pending\":" << report.pending
            << ",\"unpaired\":" << report.unpaired << ",\"removed\":" << report.removed
            << ",\"rejected_elsewhere\":[";
  for (std::size_t i = 0; i < report.rejected_elsewhere.size(); ++i) {
    std::cout << (i ? "," : "") << json_string(report.rejected_elsewhere[i]);
  }
  std::cout << "]}\n";
}

void print_summary(const ApplyReviewOptions& options, const review::ApplyReport& report) {
  std::cerr << options.decisions << ": " << report.accepted << " accepted (" << report.added
            << " added to " << options.tm << ", " << report.already_stored << " already there), "
            << report.rejected << " rejected, " << report.pending << " undecided, "
            << report.unpaired << " without a partner; " << report.removed
            << " stored by an earlier apply and no longer accepted, removed\n";
  for (const std::string& pair : report.rejected_elsewhere) {
    std::cerr << "tmkit apply-review: note: rejected, but in the TM from elsewhere (left as is): "
              << pair << "\n";
  }
}

Status run_apply_review(const ApplyReviewOptions& options, Verbosity verbosity) {
  TMKIT_ASSIGN_OR_RETURN(const std::string text, read_file_bytes(options.decisions));
  TMKIT_ASSIGN_OR_RETURN(const review::ReviewDecisions decisions,
                         review::parse_decisions(text, options.decisions));
  TMKIT_ASSIGN_OR_RETURN(TranslationMemory tm, open_tm_for_writing(options.tm));
  auto report = review::apply_review(tm, decisions);
  if (!report.ok()) return report.status().with_context(options.tm);
  if (options.json) print_json(options.decisions, *report);
  if (verbosity != Verbosity::kQuiet) print_summary(options, *report);
  return {};
}

}  // namespace

void setup_apply_review(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<ApplyReviewOptions>();
  CLI::App* cmd = app.add_subcommand(
      "apply-review",
      "Store the accepted pairs of a review (the decisions file of `align --report`) in a TM");
  add_tm_option(*cmd, options->tm)->required();
  cmd->add_option("decisions", options->decisions, "The decisions file the review page saved")
      ->required();
  cmd->add_flag("--json", options->json, "Print what was done as one JSON object on stdout");
  cmd->callback(
      [options, cmd, &outcome] { outcome = run_apply_review(*options, verbosity_of(*cmd)); });
}

}  // namespace tmkit::cli
