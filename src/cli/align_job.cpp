#include "align_job.hpp"

namespace tmkit::cli {
namespace {

std::string position(std::size_t first, std::size_t count) {
  if (count == 1) return std::to_string(first);
  return std::to_string(first) + "-" + std::to_string(first + count - 1);
}

bool written_without_spaces(const LangTag& lang) {
  const std::string language = lang.language();
  return language == "zh" || language == "ja";
}

// The speaker of a bead side: the first segment's, for labels their own name.
std::string speaker_of(const std::vector<Segment>& segments, std::size_t first, std::size_t count) {
  for (std::size_t i = first; i < first + count; ++i) {
    if (!segments[i].speaker.empty()) return segments[i].speaker;
  }
  return "";
}

}  // namespace

std::vector<Segment> presplit_lines(std::string_view text) {
  std::vector<Segment> segments;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::size_t content_end = end;
    if (content_end > begin && text[content_end - 1] == '\r') --content_end;
    Segment segment;
    segment.text = std::string(text.substr(begin, content_end - begin));
    segment.bytes = {begin, content_end};
    segments.push_back(std::move(segment));
    begin = end + 1;
  }
  return segments;
}

std::string join_segments(const std::vector<Segment>& segments, std::size_t first,
                          std::size_t count, const LangTag& lang) {
  const std::string separator = written_without_spaces(lang) ? "" : " ";
  std::string joined;
  for (std::size_t i = first; i < first + count; ++i) {
    if (i > first) joined += separator;
    joined += segments[i].text;
  }
  return joined;
}

std::vector<TranslationUnit> beads_to_units(const AlignedDocument& doc, const UnitInfo& info) {
  std::vector<TranslationUnit> units;
  for (const Bead& bead : doc.beads) {
    if (bead.src_count == 0 || bead.tgt_count == 0) continue;
    if (bead.confidence < info.min_confidence) continue;
    TranslationUnit unit;
    unit.src_lang = info.src_lang;
    unit.tgt_lang = info.tgt_lang;
    unit.source = join_segments(doc.src, bead.src_first, bead.src_count, info.src_lang);
    unit.target = join_segments(doc.tgt, bead.tgt_first, bead.tgt_count, info.tgt_lang);
    unit.created = info.created;
    unit.provenance.document = info.document;
    unit.provenance.src_position = position(bead.src_first, bead.src_count);
    unit.provenance.tgt_position = position(bead.tgt_first, bead.tgt_count);
    unit.provenance.confidence = bead.confidence;
    unit.provenance.bead = bead.type();
    unit.provenance.speaker = speaker_of(doc.src, bead.src_first, bead.src_count);
    if (unit.provenance.speaker.empty()) {
      unit.provenance.speaker = speaker_of(doc.tgt, bead.tgt_first, bead.tgt_count);
    }
    unit.provenance.tool = "tmkit align";
    units.push_back(std::move(unit));
  }
  return units;
}

namespace {

std::vector<review::ReviewSentence> review_sentences(const std::vector<Segment>& segments) {
  std::vector<review::ReviewSentence> sentences;
  sentences.reserve(segments.size());
  for (const Segment& segment : segments) {
    sentences.push_back(
        {segment.text, segment.paragraph, segment.speaker, segment.is_speaker_label});
  }
  return sentences;
}

}  // namespace

review::ReviewDocument review_document_of(const AlignedDocument& doc, const UnitInfo& info,
                                          const std::string& tgt_document) {
  review::ReviewDocument review;
  review.src_document = info.document;
  review.tgt_document = tgt_document;
  review.src_lang = info.src_lang;
  review.tgt_lang = info.tgt_lang;
  review.src = review_sentences(doc.src);
  review.tgt = review_sentences(doc.tgt);
  for (const Bead& bead : doc.beads) {
    review.beads.push_back(
        {bead.src_first, bead.src_count, bead.tgt_first, bead.tgt_count, bead.confidence});
  }
  return review;
}

}  // namespace tmkit::cli
