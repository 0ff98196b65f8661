// libFuzzer target: parse_srx on arbitrary bytes; rules that parse are compiled by a
// Segmenter (Java regexes translated for ICU), which must fail cleanly on a bad rule.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "fuzz_check.hpp"
#include "tmkit/segmenter.hpp"
#include "tmkit/srx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto document = tmkit::parse_srx(tmkit::fuzz::as_text(data, size), "fuzz.srx");
  if (!document.ok()) return 0;
  static const tmkit::LangTag lang = *tmkit::LangTag::parse("en");
  tmkit::SegmenterOptions options;
  options.srx = std::make_shared<const tmkit::SrxDocument>(std::move(document).value());
  options.skip_invalid_srx_rules = size > 0 && data[0] % 2 == 0;
  const auto segmenter = tmkit::Segmenter::create(lang, options);
  if (segmenter.ok()) {
    // A short fixed text: the rules' regexes are the fuzzed part, not the input length.
    const auto segments = segmenter->split("Mr. Smith left. He came back at 5 p.m.\n\nYes.");
    (void)segments;
  }
  return 0;
}
