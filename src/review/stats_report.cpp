#include "tmkit/review/stats_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "json_write.hpp"

namespace tmkit::review {
namespace {

using detail::html_escape;
using detail::json_string;

std::string property(const TranslationUnit& unit, std::string_view type) {
  for (const Property& prop : unit.props) {
    if (prop.type == type) return prop.value;
  }
  return "";
}

std::size_t confidence_bin(double confidence) {
  const auto bin = static_cast<std::size_t>(std::clamp(confidence, 0.0, 1.0) * 10.0);
  return std::min<std::size_t>(bin, 9);
}

std::string fixed1(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// The histogram as an inline SVG bar chart: one bar per tenth of confidence and one for units
// without a confidence, each labelled with its count.
std::string histogram_svg(const TmReport& report) {
  constexpr int kBarWidth = 44, kGap = 8, kHeight = 160, kTop = 18, kBottom = 36;
  std::vector<std::pair<std::string, std::size_t>> bars;
  for (std::size_t k = 0; k < report.confidence_bins.size(); ++k) {
    bars.emplace_back(fixed1(static_cast<double>(k) / 10), report.confidence_bins[k]);
  }
  bars.emplace_back("none", report.without_confidence);
  std::size_t largest = 1;
  for (const auto& bar : bars) largest = std::max(largest, bar.second);
  const int width = static_cast<int>(bars.size()) * (kBarWidth + kGap) + kGap;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    std::to_string(width) + "\" height=\"" +
                    std::to_string(kTop + kHeight + kBottom) +
                    "\" aria-label=\"units by aligner confidence\">\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int x = kGap + static_cast<int>(i) * (kBarWidth + kGap);
    const int h = static_cast<int>(static_cast<double>(bars[i].second) * kHeight /
                                   static_cast<double>(largest));
    const int y = kTop + kHeight - h;
    // Red for low confidence to green for high, grey for none, as in the review page.
    const std::string fill =
        i + 1 == bars.size() ? "#888" : "hsl(" + std::to_string(i * 12 + 6) + ",65%,40%)";
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(kBarWidth) + "\" height=\"" + std::to_string(h) + "\" fill=\"" + fill +
           "\"><title>" + bars[i].first + ": " + std::to_string(bars[i].second) +
           " units</title></rect>\n";
    svg += "<text x=\"" + std::to_string(x + kBarWidth / 2) + "\" y=\"" + std::to_string(y - 4) +
           "\" text-anchor=\"middle\" font-size=\"12\">" + std::to_string(bars[i].second) +
           "</text>\n";
    svg += "<text x=\"" + std::to_string(x + kBarWidth / 2) + "\" y=\"" +
           std::to_string(kTop + kHeight + 16) + "\" text-anchor=\"middle\" font-size=\"12\">" +
           bars[i].first + "</text>\n";
  }
  svg += "<text x=\"" + std::to_string(width / 2) + "\" y=\"" +
         std::to_string(kTop + kHeight + 32) +
         "\" text-anchor=\"middle\" font-size=\"12\">aligner confidence (lower bound of each "
         "tenth)</text>\n</svg>";
  return svg;
}

std::string table(const std::vector<std::string>& head,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string html = "<table><tr>";
  for (const std::string& cell : head) html += "<th>" + html_escape(cell) + "</th>";
  html += "</tr>\n";
  for (const auto& row : rows) {
    html += "<tr>";
    for (const std::string& cell : row) html += "<td>" + html_escape(cell) + "</td>";
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string conflicts_html(const TmReport& report) {
  if (report.conflicts.empty()) return "<p>No source is stored with several targets.</p>\n";
  std::string html;
  for (const VariantGroup& group : report.conflicts) {
    if (group.variants.empty()) continue;
    html += "<div class=\"conflict\"><p class=\"src\">" +
            html_escape(group.variants.front().unit.source) + "</p><ul>";
    for (const Match& variant : group.variants) {
      html += "<li>" + html_escape(variant.unit.target) + " <span class=\"meta\">(used " +
              std::to_string(variant.use_count) + "x, " +
              html_escape(variant.unit.provenance.document) + ")</span></li>";
    }
    html += "</ul></div>\n";
  }
  if (report.conflict_count > report.conflicts.size()) {
    html += "<p>… and " + std::to_string(report.conflict_count - report.conflicts.size()) +
            " more (<code>tmkit conflicts</code> lists them all).</p>\n";
  }
  return html;
}

}  // namespace

Result<TmReport> collect_tm_report(const TranslationMemory& tm, const std::string& tm_path,
                                   std::size_t max_conflicts) {
  TmReport report;
  report.tm_path = tm_path;
  TMKIT_ASSIGN_OR_RETURN(report.stats, tm.stats());
  std::map<std::string, std::size_t> documents;
  TMKIT_RETURN_IF_ERROR(tm.for_each_unit_with_use_count(
      [&](std::uint64_t, const TranslationUnit& unit, std::uint32_t uses) -> Status {
        ++documents[unit.provenance.document];
        if (unit.provenance.confidence) {
          ++report.confidence_bins[confidence_bin(*unit.provenance.confidence)];
        } else {
          ++report.without_confidence;
        }
        if (!property(unit, "x-review").empty()) ++report.reviewed;
        if (uses > 1) {
          ++report.duplicated_units;
          report.duplicate_adds += uses - 1;
        }
        return {};
      }));
  report.documents.assign(documents.begin(), documents.end());
  std::stable_sort(report.documents.begin(), report.documents.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  TMKIT_ASSIGN_OR_RETURN(std::vector<VariantGroup> conflicts, tm.conflicts());
  report.conflict_count = conflicts.size();
  if (conflicts.size() > max_conflicts) conflicts.resize(max_conflicts);
  report.conflicts = std::move(conflicts);
  return report;
}

Status write_stats_json(std::ostream& out, const TmReport& report) {
  const TmStats& stats = report.stats;
  out << "{\"tm\":" << json_string(report.tm_path) << ",\"schema_version\":" << stats.schema_version
      << ",\"units\":" << stats.units << ",\"file_bytes\":" << stats.file_bytes
      << ",\"used_bytes\":" << stats.used_bytes << ",\"pairs\":[";
  for (std::size_t i = 0; i < stats.pairs.size(); ++i) {
    out << (i ? "," : "") << "{\"src_lang\":" << json_string(stats.pairs[i].src_lang.str())
        << ",\"tgt_lang\":" << json_string(stats.pairs[i].tgt_lang.str())
        << ",\"units\":" << stats.pairs[i].units << "}";
  }
  out << "],\"documents\":[";
  for (std::size_t i = 0; i < report.documents.size(); ++i) {
    out << (i ? "," : "") << "{\"document\":" << json_string(report.documents[i].first)
        << ",\"units\":" << report.documents[i].second << "}";
  }
  out << "],\"confidence_histogram\":[";
  for (std::size_t k = 0; k < report.confidence_bins.size(); ++k) {
    out << (k ? "," : "") << report.confidence_bins[k];
  }
  out << "],\"without_confidence\":" << report.without_confidence
      << ",\"reviewed\":" << report.reviewed << ",\"duplicated_units\":" << report.duplicated_units
      << ",\"duplicate_adds\":" << report.duplicate_adds
      << ",\"conflicts\":" << report.conflict_count << ",\"conflict_examples\":[";
  for (std::size_t i = 0; i < report.conflicts.size(); ++i) {
    const auto& variants = report.conflicts[i].variants;
    out << (i ? "," : "")
        << "{\"source\":" << json_string(variants.empty() ? "" : variants.front().unit.source)
        << ",\"targets\":[";
    for (std::size_t v = 0; v < variants.size(); ++v) {
      out << (v ? "," : "") << json_string(variants[v].unit.target);
    }
    out << "]}";
  }
  out << "]}\n";
  return out ? Status() : Status::io("stats: write failed");
}

Status write_stats_html(std::ostream& out, const TmReport& report) {
  const TmStats& stats = report.stats;
  std::vector<std::vector<std::string>> pairs;
  for (const LanguagePairCount& pair : stats.pairs) {
    pairs.push_back(
        {pair.src_lang.str() + " \xE2\x86\x92 " + pair.tgt_lang.str(), std::to_string(pair.units)});
  }
  std::vector<std::vector<std::string>> documents;
  for (const auto& [document, units] : report.documents) {
    documents.push_back({document.empty() ? "(none)" : document, std::to_string(units)});
  }
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">\n<title>tmkit stats: "
      << html_escape(report.tm_path)
      << "</title>\n<style>\nbody{font:15px/1.45 system-ui,sans-serif;margin:16px 24px;"
         "color:#1d1d1f}\ntable{border-collapse:collapse;margin:6px 0 14px}\n"
         "th,td{border:1px solid #ccc;padding:3px 10px;text-align:left}\n"
         "td:last-child{text-align:right}\n.conflict{border-left:4px solid #b26b00;"
         "padding-left:8px;margin:8px 0}\n.src{font-weight:600;margin:0}\n"
         ".meta{color:#666;font-size:13px}\n</style>\n</head>\n<body>\n<h1>Translation memory "
      << html_escape(report.tm_path) << "</h1>\n<p>" << stats.units << " units, schema "
      << stats.schema_version << ", " << stats.file_bytes << " bytes on disk (" << stats.used_bytes
      << " in use). " << report.reviewed << " units came from a review (apply-review).</p>\n"
      << "<h2>By language pair</h2>\n"
      << table({"languages", "units"}, pairs) << "<h2>By source document</h2>\n"
      << table({"document", "units"}, documents) << "<h2>Aligner confidence</h2>\n"
      << histogram_svg(report)
      << "\n<h2>Duplicates</h2>\n<p>Units added more than once: " << report.duplicated_units << " ("
      << report.duplicate_adds
      << " extra adds, kept as use counts, not as copies).</p>\n<h2>Conflicts: "
      << report.conflict_count << " sources with several targets</h2>\n"
      << conflicts_html(report) << "</body>\n</html>\n";
  return out ? Status() : Status::io("stats report: write failed");
}

}  // namespace tmkit::review
