#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "align_output.hpp"
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
  bool explain = false;
  bool json = false;
  bool exhaustive = false;
  bool stop_at_exact = false;
  std::string queries;  // a file of queries, one per line ("-" = stdin)
  std::string text;
};

// The target to use: with the query's numbers put in for a numbers-only match.
const std::string& best_target(const Match& match) {
  return match.adapted_target.empty() ? match.unit.target : match.adapted_target;
}

// "100%  source  =>  target" — the score first so that the best match is easy to see.
void print_match(const Match& match, bool explain) {
  char score[16];
  std::snprintf(score, sizeof score, "%5.1f%%", match.score);
  std::cout << score << "  " << match.unit.source << "  =>  " << best_target(match) << "  ["
            << match.unit.src_lang.str() << " -> " << match.unit.tgt_lang.str() << "]\n";
  if (!explain) return;
  std::cout << "        id " << match.id << ", used " << match.use_count
            << "x: " << describe(match.explanation) << "\n";
  for (const auto& [from, to] : match.explanation.number_changes) {
    std::cout << "        number " << from << " -> " << to << "\n";
  }
  if (!match.adapted_target.empty()) {
    std::cout << "        stored target: " << match.unit.target << "\n";
  }
}

std::string provenance_json(const Provenance& p) {
  std::string out = "{\"document\":" + json_string(p.document) +
                    ",\"src_position\":" + json_string(p.src_position) +
                    ",\"tgt_position\":" + json_string(p.tgt_position) +
                    ",\"bead\":" + json_string(p.bead) + ",\"tool\":" + json_string(p.tool);
  if (p.confidence) out += ",\"confidence\":" + std::to_string(*p.confidence);
  return out + "}";
}

// One JSON object per query on one line: {"query", "elapsed_ms", "matches": [...]}.
void print_json(std::string_view query, double elapsed_ms, const std::vector<Match>& matches) {
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.3f", elapsed_ms);
  std::cout << "{\"query\":" << json_string(query) << ",\"elapsed_ms\":" << elapsed
            << ",\"matches\":[";
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const Match& m = matches[i];
    char score[16];
    std::snprintf(score, sizeof score, "%.2f", m.score);
    std::cout << (i ? "," : "") << "{\"id\":" << m.id << ",\"score\":" << score
              << ",\"source\":" << json_string(m.unit.source)
              << ",\"target\":" << json_string(best_target(m))
              << ",\"stored_target\":" << json_string(m.unit.target)
              << ",\"source_lang\":" << json_string(m.unit.src_lang.str())
              << ",\"target_lang\":" << json_string(m.unit.tgt_lang.str())
              << ",\"use_count\":" << m.use_count
              << ",\"explain\":" << json_string(describe(m.explanation))
              << ",\"provenance\":" << provenance_json(m.unit.provenance) << "}";
  }
  std::cout << "]}\n";
}

Status lookup_one(const TranslationMemory& tm, const std::string& text, const LookupOptions& lookup,
                  const LookupCommandOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  TMKIT_ASSIGN_OR_RETURN(const std::vector<Match> matches, tm.lookup(text, lookup));
  const double elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (options.json) {
    print_json(text, elapsed, matches);
    return {};
  }
  for (const Match& match : matches) print_match(match, options.explain);
  if (matches.empty()) std::cerr << "no match of " << options.min_score << "% or more\n";
  return {};
}

Status lookup_file(const TranslationMemory& tm, const LookupOptions& lookup,
                   const LookupCommandOptions& options) {
  std::ifstream file;
  if (options.queries != "-") {
    file.open(options.queries);
    if (!file) return Status::io("cannot read " + options.queries);
  }
  std::istream& in = options.queries == "-" ? std::cin : file;
  std::size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const Status status = lookup_one(tm, line, lookup, options);
    if (!status.ok()) {
      return status.with_context(options.queries + ", line " + std::to_string(line_number));
    }
  }
  return {};
}

Status run_lookup(const LookupCommandOptions& options) {
  if (options.queries.empty() == options.text.empty()) {
    return Status::invalid_input("give either a sentence or --queries FILE");
  }
  LookupOptions lookup;
  TMKIT_ASSIGN_OR_RETURN(lookup.src_lang, parse_lang_option(options.src_lang, "--src-lang"));
  TMKIT_ASSIGN_OR_RETURN(lookup.tgt_lang, parse_lang_option(options.tgt_lang, "--tgt-lang"));
  lookup.min_score = options.min_score;
  lookup.max_results = options.max_results;
  lookup.exhaustive = options.exhaustive;
  lookup.stop_at_exact = options.stop_at_exact;
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(options.tm));
  if (!options.queries.empty()) return lookup_file(tm, lookup, options);
  return lookup_one(tm, options.text, lookup, options);
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
  cmd->add_flag("--explain", options->explain, "Show how each score was reached");
  cmd->add_option("--queries", options->queries,
                  "Look up every line of FILE (- = stdin) instead of one sentence");
  cmd->add_flag("--json", options->json,
                "One JSON object per query: query, elapsed_ms, matches (best first)");
  cmd->add_flag("--exhaustive", options->exhaustive,
                "Score every unit instead of using the index (slow; for checking)");
  cmd->add_flag("--stop-at-exact", options->stop_at_exact,
                "When the TM holds the sentence exactly, show only those matches (no fuzzy "
                "search)");
  cmd->add_option("text", options->text, "The sentence to look up");
  cmd->callback([options, &outcome] { outcome = run_lookup(*options); });
}

}  // namespace tmkit::cli
