// SRX 2.0 segmentation rules (Segmentation Rules eXchange) as plain data, and their reader.
//
// An SRX file holds named <languagerule>s, each an ordered list of break and no-break rules
// (a regex for the text before the break point and one for the text after it), and <maprules>
// that say which language rules apply to which language codes. The Segmenter compiles the rules
// for one language (see SegmenterOptions::srx); this header only reads and holds them.
//
// The regexes are kept as written in the file (Java regex dialect in most real files); the
// segmenter translates the few Java constructs ICU does not read and reports them.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/status.hpp"

namespace tmkit {

// One <rule>: at a position in the text, the rule applies when `before_break` matches text
// ending at that position and `after_break` matches text starting there. An empty regex matches
// anywhere. The first rule (in order) that applies decides whether the position is a break.
struct SrxRule {
  bool is_break = true;      // break="yes" (the SRX default) or break="no"
  std::string before_break;  // UTF-8 regex, as written in the file
  std::string after_break;   // UTF-8 regex, as written in the file
};

// One <languagerule languagerulename="...">.
struct SrxLanguageRule {
  std::string name;
  std::vector<SrxRule> rules;
};

// One <languagemap>: language codes that fully match `language_pattern` (a regex) use the
// language rule named `language_rule_name`.
struct SrxLanguageMap {
  std::string language_pattern;
  std::string language_rule_name;
};

// The <header> attributes. For plain text (tmkit's input) there are no inline codes, so the
// format-handle flags are kept only to be written back or shown; docs/segmentation.md says what
// they would mean.
struct SrxHeader {
  bool segment_subflows = true;       // segmentsubflows: segment sub-flows (e.g. alt text)
  bool cascade = false;               // cascade: apply every matching map in order, not the first
  bool include_start_format = false;  // <formathandle type="start" include=...>
  bool include_end_format = true;     // <formathandle type="end" include=...>
  bool include_isolated_format = false;  // <formathandle type="isolated" include=...>
};

// A whole SRX document. `source` names where it came from ("rules.srx", "built-in
// tmkit-default.srx") and prefixes every error about it. Cheap to move; copy it freely.
struct SrxDocument {
  std::string source;
  SrxHeader header;
  std::vector<SrxLanguageRule> language_rules;
  std::vector<SrxLanguageMap> language_maps;
};

// Parses SRX 2.0 (also 1.0-style files without a header) from the bytes of an XML document
// (any encoding pugixml detects: UTF-8, UTF-16 with BOM). `source` names the document in errors.
// Fails with kInvalidInput on malformed XML ("srx: ... (file.srx, byte 812)"), a missing <srx>
// root, <body> or <languagerules>, or a <languagemap> naming a language rule that does not exist.
// Regexes are not checked here: the Segmenter compiles them and reports errors with positions.
Result<SrxDocument> parse_srx(std::string_view xml, std::string_view source);

// Reads and parses the SRX file at `path` (kIo if it cannot be read). Errors name the file.
Result<SrxDocument> read_srx_file(const std::filesystem::path& path);

// The built-in rules: data/srx/tmkit-default.srx from the source tree, embedded in the library
// at build time, so the program needs no data files at run time. The text stays valid for the
// life of the program.
std::string_view builtin_srx_text();

// builtin_srx_text() parsed (source "built-in tmkit-default.srx"). Fails only on a build error.
Result<SrxDocument> builtin_srx();

}  // namespace tmkit
