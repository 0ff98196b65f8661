// write_review_report(): the review page, from the template review_report.html (embedded in
// the library at build time, so tmkit needs no data files) and the document's data as JSON.
#include <cstddef>
#include <cstdio>
#include <string>

#include "json_write.hpp"
#include "tmkit/review/review.hpp"

namespace tmkit::detail {
extern const unsigned char kReviewReportHtml[];
extern const std::size_t kReviewReportHtml_size;
}  // namespace tmkit::detail

namespace tmkit::review {
namespace {

constexpr std::string_view kDataMarker = "@TMKIT_REVIEW_DATA@";
constexpr std::string_view kTitleMarker = "@TMKIT_REVIEW_TITLE@";

std::string sentences_json(const std::vector<ReviewSentence>& sentences) {
  std::string out = "[";
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const ReviewSentence& s = sentences[i];
    out += i > 0 ? ",\n" : "\n";
    out += "{\"t\":" + detail::json_string(s.text) + ",\"p\":" + std::to_string(s.paragraph);
    if (!s.speaker.empty()) out += ",\"s\":" + detail::json_string(s.speaker);
    if (s.is_speaker_label) out += ",\"l\":true";
    out += "}";
  }
  return out + "]";
}

std::string beads_json(const std::vector<ReviewBead>& beads) {
  std::string out = "[";
  for (std::size_t i = 0; i < beads.size(); ++i) {
    const ReviewBead& b = beads[i];
    char confidence[16];
    std::snprintf(confidence, sizeof confidence, "%.3f", b.confidence);
    out += (i > 0 ? ",\n[" : "\n[") + std::to_string(b.src_first) + "," +
           std::to_string(b.src_count) + "," + std::to_string(b.tgt_first) + "," +
           std::to_string(b.tgt_count) + "," + confidence + "]";
  }
  return out + "]";
}

std::string data_json(const ReviewDocument& doc) {
  return "{\"format\":\"tmkit-review-report\",\"version\":1,\"fingerprint\":" +
         detail::json_string(review_fingerprint(doc)) +
         ",\n\"src_document\":" + detail::json_string(doc.src_document) +
         ",\"tgt_document\":" + detail::json_string(doc.tgt_document) +
         ",\"src_lang\":" + detail::json_string(doc.src_lang.str()) +
         ",\"tgt_lang\":" + detail::json_string(doc.tgt_lang.str()) +
         ",\"src_joiner\":" + detail::json_string(sentence_joiner(doc.src_lang)) +
         ",\"tgt_joiner\":" + detail::json_string(sentence_joiner(doc.tgt_lang)) +
         ",\n\"src\":" + sentences_json(doc.src) + ",\n\"tgt\":" + sentences_json(doc.tgt) +
         ",\n\"beads\":" + beads_json(doc.beads) + "}";
}

Status check_beads(const ReviewDocument& doc) {
  for (std::size_t i = 0; i < doc.beads.size(); ++i) {
    const ReviewBead& b = doc.beads[i];
    if (b.src_first + b.src_count > doc.src.size() || b.tgt_first + b.tgt_count > doc.tgt.size()) {
      return Status::invalid_input("review report: bead " + std::to_string(i) + " (" +
                                   bead_id(b.src_first, b.src_count, b.tgt_first, b.tgt_count) +
                                   ") lies outside the texts");
    }
  }
  return {};
}

}  // namespace

Status write_review_report(std::ostream& out, const ReviewDocument& doc) {
  TMKIT_RETURN_IF_ERROR(check_beads(doc));
  const std::string_view page(reinterpret_cast<const char*>(tmkit::detail::kReviewReportHtml),
                              tmkit::detail::kReviewReportHtml_size);
  const std::size_t title = page.find(kTitleMarker);
  const std::size_t data = page.find(kDataMarker);
  if (title == std::string_view::npos || data == std::string_view::npos || data < title) {
    return Status::internal("review report: the embedded template lacks its markers");
  }
  out << page.substr(0, title)
      << detail::html_escape(doc.src_document + " \xE2\x86\x94 " + doc.tgt_document)
      << page.substr(title + kTitleMarker.size(), data - title - kTitleMarker.size())
      << data_json(doc) << page.substr(data + kDataMarker.size());
  return out ? Status() : Status::io("review report: write failed");
}

}  // namespace tmkit::review
