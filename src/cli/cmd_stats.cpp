#include <iostream>
#include <memory>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/memory/translation_memory.hpp"
#include "tmkit/review/stats_report.hpp"

namespace tmkit::cli {
namespace {

struct StatsOptions {
  std::string tm;
  bool json = false;
  std::string report;  // an HTML page
};

void print_text(const std::string& tm_path, const TmStats& stats) {
  std::cout << "translation memory: " << tm_path << "\n"
            << "schema version:     " << stats.schema_version << "\n"
            << "units:              " << stats.units << "\n"
            << "sources with variants: " << stats.sources_with_variants << "\n"
            << "size on disk:       " << stats.file_bytes << " bytes (" << stats.used_bytes
            << " in use; `tmkit compact` drops the rest)\n";
  for (const LanguagePairCount& pair : stats.pairs) {
    std::cout << "  " << pair.src_lang.str() << " -> " << pair.tgt_lang.str() << ": " << pair.units
              << " units\n";
  }
  std::cout << "databases (bytes in use; main tree only for dedupe and sources):\n";
  for (const auto& [name, bytes] : stats.database_bytes) {
    std::cout << "  " << name << ": " << bytes << "\n";
  }
}

Status run_stats(const StatsOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(options.tm));
  if (!options.json && options.report.empty()) {
    TMKIT_ASSIGN_OR_RETURN(const TmStats stats, tm.stats());
    print_text(options.tm, stats);
    return {};
  }
  // The report reads every unit; plain `stats` stays a quick count.
  TMKIT_ASSIGN_OR_RETURN(const review::TmReport report, review::collect_tm_report(tm, options.tm));
  if (!options.report.empty()) {
    TMKIT_RETURN_IF_ERROR(write_output(
        options.report, [&](std::ostream& out) { return review::write_stats_html(out, report); }));
  }
  if (options.json) return review::write_stats_json(std::cout, report);
  print_text(options.tm, report.stats);
  return {};
}

}  // namespace

void setup_stats(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<StatsOptions>();
  CLI::App* cmd = app.add_subcommand("stats", "Show what a TM holds");
  add_tm_option(*cmd, options->tm)->required();
  cmd->add_flag("--json", options->json,
                "One JSON object: units by language pair and document, confidence histogram, "
                "duplicates, conflicts");
  cmd->add_option("--report", options->report,
                  "Also write an HTML page with the same, the histogram as a picture");
  cmd->callback([options, &outcome] { outcome = run_stats(*options); });
}

}  // namespace tmkit::cli
