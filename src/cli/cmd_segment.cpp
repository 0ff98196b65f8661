#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/formats/text_file.hpp"
#include "tmkit/segmenter.hpp"

namespace tmkit::cli {
namespace {

struct SegmentOptions {
  std::string lang = "und";
  std::string input = "-";
  std::string output = "-";
  std::string srx;  // an SRX file; empty for the built-in rules
  std::string engine = "srx";
  bool skip_bad_rules = false;
  bool break_lines = false;
  bool paragraphs = false;
};

Status write_segments(std::ostream& out, const std::vector<Segment>& segments,
                      bool mark_paragraphs) {
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (mark_paragraphs && i > 0 && segments[i].paragraph != segments[i - 1].paragraph) {
      out << '\n';
    }
    out << segments[i].text << '\n';
  }
  return out ? Status() : Status::io("write failed");
}

Status run_segment(const SegmentOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(const LangTag lang, parse_lang_option(options.lang, "--lang"));
  TMKIT_ASSIGN_OR_RETURN(const std::string text, read_text_file(options.input));
  SegmenterOptions segmenter_options;
  segmenter_options.join_single_line_breaks = !options.break_lines;
  segmenter_options.engine =
      options.engine == "icu" ? SegmenterEngine::kIcu : SegmenterEngine::kSrx;
  segmenter_options.skip_invalid_srx_rules = options.skip_bad_rules;
  if (!options.srx.empty()) {
    TMKIT_ASSIGN_OR_RETURN(SrxDocument rules, read_srx_file(options.srx));
    segmenter_options.srx = std::make_shared<const SrxDocument>(std::move(rules));
  }
  TMKIT_ASSIGN_OR_RETURN(const Segmenter segmenter, Segmenter::create(lang, segmenter_options));
  for (const std::string& warning : segmenter.warnings()) {
    std::cerr << "tmkit segment: warning: " << warning << '\n';
  }
  auto segments = segmenter.split(text);
  if (!segments.ok()) return segments.status().with_context(options.input);
  return write_output(options.output, [&](std::ostream& out) {
    return write_segments(out, *segments, options.paragraphs);
  });
}

}  // namespace

void setup_segment(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<SegmentOptions>();
  CLI::App* cmd = app.add_subcommand("segment", "Split a text into sentences, one per line");
  cmd->add_option("--lang", options->lang, "Language of the text (BCP 47)")->capture_default_str();
  cmd->add_option("input", options->input, "Text file (UTF-8 or UTF-16 with BOM), - for stdin")
      ->capture_default_str();
  cmd->add_option("-o,--output", options->output, "Output file, - for stdout")
      ->capture_default_str();
  cmd->add_option("--srx", options->srx,
                  "SRX 2.0 rule file (default: the built-in rules, data/srx/tmkit-default.srx)");
  cmd->add_option("--engine", options->engine,
                  "srx: SRX rules; icu: ICU's sentence iterator with tmkit's fixes")
      ->check(CLI::IsMember({"srx", "icu"}))
      ->capture_default_str();
  cmd->add_flag(
      "--skip-bad-rules", options->skip_bad_rules,
      "Leave out SRX rules whose regex does not compile (with a warning) instead of failing");
  cmd->add_flag("--break-lines", options->break_lines,
                "A single line break ends a sentence (default: joins the lines)");
  cmd->add_flag("--paragraphs", options->paragraphs, "Print a blank line between paragraphs");
  cmd->callback([options, &outcome] { outcome = run_segment(*options); });
}

}  // namespace tmkit::cli
