// Writers for `tmkit align` output that are not interchange formats.
#pragma once

#include <ostream>

#include "align_job.hpp"
#include "tmkit/status.hpp"

namespace tmkit::cli {

// One bead per line, "[i, j]:[k]:0.873" with 0-based indices, "[]:[k]" for an unmatched
// sentence: the format of vecalign and of the gold files in the align-dev sets.
Status write_vecalign(std::ostream& out, const AlignedDocument& doc);

// One bead per line: source, target, confidence, bead type, separated by tabs. Tabs inside a
// sentence become spaces.
Status write_bead_tsv(std::ostream& out, const AlignedDocument& doc, const LangTag& src_lang,
                      const LangTag& tgt_lang);

// A JSON object {"src_lang","tgt_lang","beads":[{"src":[..],"tgt":[..],"type","confidence",
// "source","target","speaker"}]}.
Status write_bead_json(std::ostream& out, const AlignedDocument& doc, const LangTag& src_lang,
                       const LangTag& tgt_lang);

// `text` as a JSON string literal, quotes included.
std::string json_string(std::string_view text);

}  // namespace tmkit::cli
