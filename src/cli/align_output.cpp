#include "align_output.hpp"

#include <cstdio>
#include <iomanip>

namespace tmkit::cli {
namespace {

std::string index_list(std::size_t first, std::size_t count) {
  std::string list = "[";
  for (std::size_t i = first; i < first + count; ++i) {
    if (i > first) list += ", ";
    list += std::to_string(i);
  }
  return list + "]";
}

std::string without_tabs(std::string text) {
  for (char& c : text) {
    if (c == '\t') c = ' ';
  }
  return text;
}

std::string fixed3(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

Status stream_status(const std::ostream& out) {
  return out ? Status() : Status::io("write failed");
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (c == '\t') {
      quoted += "\\t";
    } else if (byte < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", byte);
      quoted += escape;
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

Status write_vecalign(std::ostream& out, const AlignedDocument& doc) {
  for (const Bead& bead : doc.beads) {
    out << index_list(bead.src_first, bead.src_count) << ':'
        << index_list(bead.tgt_first, bead.tgt_count) << ':' << fixed3(bead.confidence) << '\n';
  }
  return stream_status(out);
}

Status write_bead_tsv(std::ostream& out, const AlignedDocument& doc, const LangTag& src_lang,
                      const LangTag& tgt_lang) {
  for (const Bead& bead : doc.beads) {
    out << without_tabs(join_segments(doc.src, bead.src_first, bead.src_count, src_lang)) << '\t'
        << without_tabs(join_segments(doc.tgt, bead.tgt_first, bead.tgt_count, tgt_lang)) << '\t'
        << fixed3(bead.confidence) << '\t' << bead.type() << '\n';
  }
  return stream_status(out);
}

Status write_bead_json(std::ostream& out, const AlignedDocument& doc, const LangTag& src_lang,
                       const LangTag& tgt_lang) {
  out << "{\"src_lang\":" << json_string(src_lang.str())
      << ",\"tgt_lang\":" << json_string(tgt_lang.str()) << ",\"beads\":[";
  for (std::size_t i = 0; i < doc.beads.size(); ++i) {
    const Bead& bead = doc.beads[i];
    const std::string speaker = bead.src_count > 0 ? doc.src[bead.src_first].speaker : "";
    out << (i > 0 ? ",\n" : "\n") << "{\"src\":" << index_list(bead.src_first, bead.src_count)
        << ",\"tgt\":" << index_list(bead.tgt_first, bead.tgt_count)
        << ",\"type\":" << json_string(bead.type()) << ",\"confidence\":" << fixed3(bead.confidence)
        << ",\"source\":"
        << json_string(join_segments(doc.src, bead.src_first, bead.src_count, src_lang))
        << ",\"target\":"
        << json_string(join_segments(doc.tgt, bead.tgt_first, bead.tgt_count, tgt_lang))
        << ",\"speaker\":" << json_string(speaker) << "}";
  }
  out << "\n]}\n";
  return stream_status(out);
}

}  // namespace tmkit::cli
