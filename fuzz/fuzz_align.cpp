// libFuzzer target: the aligner's input handling. The first byte picks the language pair and a
// few options; the rest is split at the first NUL byte (or in the middle when there is none)
// into a source and a target text, each segmented with the built-in rules and then aligned.
// Invariants: every segment is in exactly one bead, beads run in order, confidences in [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"
#include "tmkit/aligner.hpp"
#include "tmkit/segmenter.hpp"

namespace {

struct Pair {
  const char* src;
  const char* tgt;
};
constexpr Pair kPairs[] = {{"zh", "en"}, {"de", "fr"}, {"en", "zh"}, {"ja", "en"}};
constexpr std::size_t kPairCount = sizeof kPairs / sizeof kPairs[0];

tmkit::LangTag tag(const char* text) { return *tmkit::LangTag::parse(text); }

// Segmenters and aligners are built on first use: compiling rules and loading a lexicon cost
// far more than one input.
const tmkit::Segmenter& segmenter_for(std::string_view lang) {
  constexpr const char* kLangs[] = {"zh", "en", "de", "fr", "ja"};
  constexpr std::size_t kLangCount = sizeof kLangs / sizeof kLangs[0];
  static std::optional<tmkit::Segmenter> cache[kLangCount];
  std::size_t slot = 0;
  while (slot + 1 < kLangCount && kLangs[slot] != lang) ++slot;
  if (!cache[slot]) {
    auto created = tmkit::Segmenter::create(tag(kLangs[slot]), {});
    tmkit::fuzz::require(created.ok(), "the built-in rules do not compile");
    cache[slot].emplace(std::move(created).value());
  }
  return *cache[slot];
}

const tmkit::Aligner& aligner_for(std::size_t pair, bool length_only) {
  static std::optional<tmkit::Aligner> cache[kPairCount][2];
  auto& slot = cache[pair][length_only ? 1 : 0];
  if (!slot) {
    tmkit::AlignerOptions options;
    if (length_only) {
      options.lexical_weight = 0.0;
      options.learn_from_input = false;
      options.max_full_cells = 64;  // forces the banded search on all but tiny inputs
    }
    auto created = tmkit::Aligner::create(tag(kPairs[pair].src), tag(kPairs[pair].tgt), options);
    if (!created.ok()) std::fprintf(stderr, "%s\n", created.status().message().c_str());
    tmkit::fuzz::require(created.ok(), "the aligner refused its options");
    slot.emplace(std::move(created).value());
  }
  return *slot;
}

void require_cover(const std::vector<tmkit::Bead>& beads, std::size_t src_size,
                   std::size_t tgt_size) {
  std::size_t src = 0, tgt = 0;
  for (const tmkit::Bead& bead : beads) {
    tmkit::fuzz::require(bead.src_first == src && bead.tgt_first == tgt, "a bead out of order");
    tmkit::fuzz::require(bead.src_count + bead.tgt_count > 0, "an empty bead");
    tmkit::fuzz::require(bead.confidence >= 0.0 && bead.confidence <= 1.0,
                         "a confidence outside [0, 1]");
    src += bead.src_count;
    tgt += bead.tgt_count;
  }
  tmkit::fuzz::require(src == src_size && tgt == tgt_size, "beads do not cover both texts");
}

}  // namespace

// Builds every segmenter and aligner before fuzzing starts: loading the built-in lexicons takes
// seconds under ASan on a busy machine, which libFuzzer would count against the first input's
// -timeout. The replay main does not call this; the caches fill on first use there.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  for (std::size_t pair = 0; pair < kPairCount; ++pair) {
    segmenter_for(kPairs[pair].src);
    segmenter_for(kPairs[pair].tgt);
    aligner_for(pair, false);
    aligner_for(pair, true);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t pair = data[0] % kPairCount;
  const bool length_only = (data[0] / kPairCount) % 2 == 1;
  const std::string_view rest = tmkit::fuzz::as_text(data + 1, size - 1);
  std::size_t cut = rest.find('\0');
  const std::size_t skip = cut == std::string_view::npos ? 0 : 1;
  if (cut == std::string_view::npos) cut = rest.size() / 2;
  const std::string_view src_text = rest.substr(0, cut), tgt_text = rest.substr(cut + skip);
  const auto src = segmenter_for(kPairs[pair].src).split(src_text);
  const auto tgt = segmenter_for(kPairs[pair].tgt).split(tgt_text);
  // Invalid UTF-8 is refused by the segmenter (fuzz_segmenter checks that); nothing to align.
  if (!src.ok() || !tgt.ok()) return 0;
  require_cover(aligner_for(pair, length_only).align(*src, *tgt), src->size(), tgt->size());
  return 0;
}
