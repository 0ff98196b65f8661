#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "align_job.hpp"
#include "align_output.hpp"
#include "cli_util.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "tmkit/formats/text_file.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/formats/xliff.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

struct AlignOptions {
  std::string source;
  std::string target;
  std::string src_lang;
  std::string tgt_lang;
  bool presplit = false;
  bool break_lines = false;
  std::string format = "tsv";
  std::string output = "-";
  std::string tm;
  double min_confidence = 0.5;
  std::size_t max_bead = 6;
  std::string lexicon;
  bool no_lexicon = false;
  bool no_learning = false;
  bool json = false;   // --json: the same as --format json
  std::string report;  // --report: the review page
};

// The aligner's options from the command line; reads --lexicon.
Result<AlignerOptions> aligner_options_from(const AlignOptions& options, const LangTag& src_lang,
                                            const LangTag& tgt_lang) {
  AlignerOptions aligner_options;
  aligner_options.max_bead_side = options.max_bead;
  aligner_options.use_builtin_lexicon = !options.no_lexicon;
  aligner_options.learn_from_input = !options.no_learning;
  if (!options.lexicon.empty()) {
    // A lexicon for either direction: its first column is the source language.
    TMKIT_ASSIGN_OR_RETURN(aligner_options.lexicon,
                           Lexicon::load(options.lexicon, src_lang, tgt_lang));
  }
  return aligner_options;
}

Result<std::vector<Segment>> load_segments(const std::string& path, const LangTag& lang,
                                           const AlignOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(const std::string text, read_text_file(path));
  if (options.presplit) return presplit_lines(text);
  SegmenterOptions segmenter_options;
  segmenter_options.join_single_line_breaks = !options.break_lines;
  TMKIT_ASSIGN_OR_RETURN(const Segmenter segmenter, Segmenter::create(lang, segmenter_options));
  auto segments = segmenter.split(text);
  if (!segments.ok()) return segments.status().with_context(path);
  return segments;
}

Status write_aligned(std::ostream& out, const AlignOptions& options, const AlignedDocument& doc,
                     const std::vector<TranslationUnit>& units, const UnitInfo& info) {
  if (options.format == "vecalign") return write_vecalign(out, doc);
  if (options.format == "json") return write_bead_json(out, doc, info.src_lang, info.tgt_lang);
  if (options.format == "tmx") {
    TmxWriteOptions tmx;
    tmx.src_lang = info.src_lang;
    return write_tmx(out, units, tmx);
  }
  if (options.format == "xliff" || options.format == "xliff12" || options.format == "xliff2") {
    XliffWriteOptions xliff;
    xliff.version = options.format == "xliff2" ? XliffVersion::k20 : XliffVersion::k12;
    xliff.original = info.document;
    xliff.src_lang = info.src_lang;
    xliff.tgt_lang = info.tgt_lang;
    return write_xliff(out, units, xliff);
  }
  return write_bead_tsv(out, doc, info.src_lang, info.tgt_lang);
}

// "aligned 41 source and 43 target sentences in 38 beads (1-1: 35, 1-2: 1, 0-1: 2)".
void print_summary(const AlignedDocument& doc) {
  std::map<std::string, std::size_t> by_type;
  for (const Bead& bead : doc.beads) ++by_type[bead.type()];
  std::cerr << "aligned " << doc.src.size() << " source and " << doc.tgt.size()
            << " target sentences in " << doc.beads.size() << " beads (";
  const char* separator = "";
  for (const auto& [type, count] : by_type) {
    std::cerr << separator << type << ": " << count;
    separator = ", ";
  }
  std::cerr << ")\n";
}

// Batches of this many units, so that the progress bar moves on long documents; each batch is
// one transaction (all or nothing), as add() promises.
constexpr std::size_t kStoreBatch = 2000;

Status store_units(const std::string& tm_path, const std::vector<TranslationUnit>& units,
                   Verbosity verbosity) {
  TMKIT_ASSIGN_OR_RETURN(TranslationMemory tm, open_tm_for_writing(tm_path));
  Progress progress("storing", units.size(), verbosity);
  AddReport total;
  for (std::size_t first = 0; first < units.size(); first += kStoreBatch) {
    const auto begin = units.begin() + static_cast<std::ptrdiff_t>(first);
    const std::vector<TranslationUnit> batch(
        begin, begin + static_cast<std::ptrdiff_t>(std::min(kStoreBatch, units.size() - first)));
    auto report = tm.add(batch);
    if (!report.ok()) return report.status().with_context(tm_path);
    total += *report;
    progress.advance(batch.size());
  }
  progress.finish();
  if (verbosity == Verbosity::kQuiet) return {};
  std::cerr << "stored " << total.added << " pairs in " << tm_path << " (" << total.duplicates
            << " already there)\n";
  return {};
}

Status write_report(const AlignOptions& options, const AlignedDocument& doc, const UnitInfo& info) {
  const review::ReviewDocument review =
      review_document_of(doc, info, std::filesystem::path(options.target).filename().string());
  return write_output(options.report,
                      [&](std::ostream& out) { return review::write_review_report(out, review); });
}

double seconds_between(std::chrono::steady_clock::time_point from,
                       std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Segments both texts and aligns them; with --verbose, says how long each step took.
Result<AlignedDocument> align_texts(const AlignOptions& options, const LangTag& src_lang,
                                    const LangTag& tgt_lang, Verbosity verbosity) {
  const auto start = std::chrono::steady_clock::now();
  AlignedDocument doc;
  TMKIT_ASSIGN_OR_RETURN(doc.src, load_segments(options.source, src_lang, options));
  TMKIT_ASSIGN_OR_RETURN(doc.tgt, load_segments(options.target, tgt_lang, options));
  const auto segmented = std::chrono::steady_clock::now();
  TMKIT_ASSIGN_OR_RETURN(const AlignerOptions aligner_options,
                         aligner_options_from(options, src_lang, tgt_lang));
  TMKIT_ASSIGN_OR_RETURN(const Aligner aligner,
                         Aligner::create(src_lang, tgt_lang, aligner_options));
  TMKIT_RETURN_IF_ERROR(run_with_spinner("aligning " + std::to_string(doc.src.size()) + " x " +
                                             std::to_string(doc.tgt.size()) + " sentences",
                                         verbosity, [&] {
                                           doc.beads = aligner.align(doc.src, doc.tgt);
                                           return Status();
                                         }));
  if (verbosity == Verbosity::kVerbose) {
    std::cerr << "segmented in " << seconds_between(start, segmented) << " s, aligned in "
              << seconds_between(segmented, std::chrono::steady_clock::now()) << " s\n";
  }
  return doc;
}

Status run_align(AlignOptions options, Verbosity verbosity) {
  if (options.json) options.format = "json";
  TMKIT_ASSIGN_OR_RETURN(const LangTag src_lang, parse_lang_option(options.src_lang, "--src-lang"));
  TMKIT_ASSIGN_OR_RETURN(const LangTag tgt_lang, parse_lang_option(options.tgt_lang, "--tgt-lang"));
  TMKIT_ASSIGN_OR_RETURN(const AlignedDocument doc,
                         align_texts(options, src_lang, tgt_lang, verbosity));
  const UnitInfo info{src_lang, tgt_lang, std::filesystem::path(options.source).filename().string(),
                      current_time(), options.min_confidence};
  const std::vector<TranslationUnit> units = beads_to_units(doc, info);
  if (verbosity != Verbosity::kQuiet) print_summary(doc);
  TMKIT_RETURN_IF_ERROR(write_output(options.output, [&](std::ostream& out) {
    return write_aligned(out, options, doc, units, info);
  }));
  if (!options.report.empty()) {
    TMKIT_RETURN_IF_ERROR(write_report(options, doc, info));
    if (verbosity != Verbosity::kQuiet) {
      std::cerr << "review page: " << options.report
                << " (open it in a browser; then tmkit apply-review --tm PATH DECISIONS.json)\n";
    }
  }
  if (options.tm.empty()) return {};
  return store_units(options.tm, units, verbosity);
}

}  // namespace

void setup_align(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<AlignOptions>();
  CLI::App* cmd = app.add_subcommand("align", "Align a text with its translation");
  cmd->add_option("source", options->source, "Source text file")->required();
  cmd->add_option("target", options->target, "Target text file")->required();
  add_lang_options(*cmd, options->src_lang, options->tgt_lang, true);
  cmd->add_flag("--presplit", options->presplit,
                "The texts are already split: one sentence per line, kept as given");
  cmd->add_flag("--break-lines", options->break_lines,
                "A single line break ends a sentence (default: joins the lines)");
  CLI::Option* format = cmd->add_option("--format", options->format, "Output format");
  format->check(CLI::IsMember({"tsv", "vecalign", "tmx", "xliff", "xliff12", "xliff2", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", options->output, "Output file, - for stdout")
      ->capture_default_str();
  add_tm_option(*cmd, options->tm)->description("Also store the pairs in this TM");
  cmd->add_option("--min-confidence", options->min_confidence,
                  "Pairs below this confidence are left out of tmx/xliff output and the TM")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--max-bead", options->max_bead,
                  "Most sentences on one side of a bead (1-k and k-1 beads; 2-2 to 3-3 too)")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();
  cmd->add_option("--lexicon", options->lexicon,
                  "Bilingual lexicon, source words first: 'word<TAB>translations' lines or "
                  "hunalign's 'translation @ word' (replaces the built-in zh-en lexicon)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--no-lexicon", options->no_lexicon,
                "Do not use the built-in lexicon (length, shared words and anchors only)");
  cmd->add_flag("--no-learning", options->no_learning,
                "Do not learn word translations from the texts for a second pass");
  cmd->add_flag("--json", options->json, "The same as --format json")->excludes(format);
  cmd->add_option("--report", options->report,
                  "Also write a review page (one HTML file) to check and correct the beads "
                  "in a browser; see docs/review.md");
  cmd->callback([options, cmd, &outcome] { outcome = run_align(*options, verbosity_of(*cmd)); });
}

}  // namespace tmkit::cli
