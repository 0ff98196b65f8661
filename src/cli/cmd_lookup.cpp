#include <cstdio>
#include <iostream>
#include <memory>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

struct LookupCommandOptions {
  std::string tm;
  std::string src_lang;
  std::string tgt_lang;
  double min_score = 70.0;
  std::size_t max_results = 5;
  std::string text;
};

// "100%  source  =>  target" — the score first so that the best match is easy to see.
void print_match(const Match& match) {
  char score[16];
  std::snprintf(score, sizeof score, "%5.1f%%", match.score);
  std::cout << score << "  " << match.unit.source << "  =>  " << match.unit.target << "  ["
            << match.unit.src_lang.str() << " -> " << match.unit.tgt_lang.str() << "]\n";
}

Status run_lookup(const LookupCommandOptions& options) {
  LookupOptions lookup;
  TMKIT_ASSIGN_OR_RETURN(lookup.src_lang, parse_lang_option(options.src_lang, "--src-lang"));
  TMKIT_ASSIGN_OR_RETURN(lookup.tgt_lang, parse_lang_option(options.tgt_lang, "--tgt-lang"));
  lookup.min_score = options.min_score;
  lookup.max_results = options.max_results;
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(options.tm));
  TMKIT_ASSIGN_OR_RETURN(const std::vector<Match> matches, tm.lookup(options.text, lookup));
  for (const Match& match : matches) print_match(match);
  if (matches.empty()) std::cerr << "no match of " << options.min_score << "% or more\n";
  return {};
}

}  // namespace

void setup_lookup(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<LookupCommandOptions>();
  CLI::App* cmd = app.add_subcommand("lookup", "Find exact and fuzzy matches of a sentence");
  add_tm_option(*cmd, options->tm)->required();
  add_lang_options(*cmd, options->src_lang, options->tgt_lang, false);
  cmd->add_option("--min-score", options->min_score, "Smallest match percentage shown")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  cmd->add_option("--max", options->max_results, "Most matches shown")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("text", options->text, "The sentence to look up")->required();
  cmd->callback([options, &outcome] { outcome = run_lookup(*options); });
}

}  // namespace tmkit::cli
