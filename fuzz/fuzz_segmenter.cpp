// libFuzzer target: Segmenter::split with the built-in rules on arbitrary bytes. The first
// byte picks the language and the line-break mode; the rest is the text.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "fuzz_check.hpp"
#include "tmkit/segmenter.hpp"

namespace {

constexpr const char* kLanguages[] = {"en", "zh", "de", "fr", "ja", "es", "it", "ru"};
constexpr std::size_t kCount = sizeof kLanguages / sizeof kLanguages[0];

// One segmenter per language and mode, compiled on first use (compiling costs far more
// than splitting a short input).
const tmkit::Segmenter& segmenter_for(std::size_t language, bool join) {
  static std::optional<tmkit::Segmenter> cache[kCount][2];
  auto& slot = cache[language][join ? 1 : 0];
  if (!slot) {
    tmkit::SegmenterOptions options;
    options.join_single_line_breaks = join;
    auto created = tmkit::Segmenter::create(*tmkit::LangTag::parse(kLanguages[language]), options);
    tmkit::fuzz::require(created.ok(), "the built-in rules do not compile");
    slot.emplace(std::move(created).value());
  }
  return *slot;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text = tmkit::fuzz::as_text(data + 1, size - 1);
  const auto segments = segmenter_for(data[0] % kCount, (data[0] / kCount) % 2 == 0).split(text);
  if (!segments.ok()) {
    tmkit::fuzz::require(!tmkit::validate_utf8(text).ok(), "valid UTF-8 text was refused");
    return 0;
  }
  std::size_t paragraph = 0, end = 0;
  for (const tmkit::Segment& segment : *segments) {
    tmkit::fuzz::require(segment.bytes.begin <= segment.bytes.end, "a span ends before it begins");
    tmkit::fuzz::require(segment.bytes.end <= text.size(), "a span outside the text");
    tmkit::fuzz::require(segment.bytes.begin >= end, "segments overlap or go backwards");
    tmkit::fuzz::require(segment.paragraph >= paragraph, "paragraphs go backwards");
    tmkit::fuzz::require(tmkit::validate_utf8(segment.text).ok(), "a segment is not UTF-8");
    end = segment.bytes.end;
    paragraph = segment.paragraph;
  }
  return 0;
}
