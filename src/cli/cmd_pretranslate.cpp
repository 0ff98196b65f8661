#include <iostream>
#include <memory>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/formats/pretranslate.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

struct PretranslateCommandOptions {
  std::string tm;
  std::string input;
  std::string output = "-";
  double min_score = 75.0;
  std::size_t max_candidates = 3;
};

Status run_pretranslate(const PretranslateCommandOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(options.tm));
  TMKIT_ASSIGN_OR_RETURN(const std::string bytes, read_file_bytes(options.input));
  const MatchFinder find = [&](std::string_view source, const LangTag& src,
                               const LangTag& tgt) -> Result<std::vector<PretranslateMatch>> {
    LookupOptions lookup;
    lookup.min_score = options.min_score;
    lookup.max_results = options.max_candidates;
    lookup.src_lang = src;
    lookup.tgt_lang = tgt;
    TMKIT_ASSIGN_OR_RETURN(const std::vector<Match> matches, tm.lookup(source, lookup));
    std::vector<PretranslateMatch> out;
    for (const Match& match : matches) out.push_back({match.score, match.unit});
    return out;
  };
  PretranslateOptions pretranslate;
  pretranslate.min_score = options.min_score;
  pretranslate.max_candidates = options.max_candidates;
  PretranslateReport report;
  TMKIT_ASSIGN_OR_RETURN(const std::string out,
                         pretranslate_xliff(bytes, options.input, find, pretranslate, &report));
  TMKIT_RETURN_IF_ERROR(write_output(options.output, [&](std::ostream& stream) {
    stream << out;
    return stream ? Status() : Status::io(options.output + ": writing failed");
  }));
  std::cerr << options.input << ": " << report.segments << " segments without a translation, "
            << report.exact << " filled from exact matches, " << report.fuzzy
            << " given fuzzy candidates; " << report.untouched << " left as they were\n";
  return {};
}

}  // namespace

void setup_pretranslate(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<PretranslateCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "pretranslate", "Fill the empty targets of an XLIFF 1.2/2.x file from a TM's matches");
  add_tm_option(*cmd, options->tm)->required();
  cmd->add_option("input", options->input, "The XLIFF file to pre-translate")->required();
  cmd->add_option("-o,--output", options->output, "Where to write the result (- = stdout)")
      ->capture_default_str();
  cmd->add_option("--min-score", options->min_score,
                  "Smallest match score offered as a fuzzy candidate (0-100)")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  cmd->add_option("--max-candidates", options->max_candidates,
                  "Fuzzy candidates written per segment (alt-trans / mtc:match)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100}))
      ->capture_default_str();
  cmd->callback([options, &outcome] { outcome = run_pretranslate(*options); });
}

}  // namespace tmkit::cli
