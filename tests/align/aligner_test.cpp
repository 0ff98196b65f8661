#include "tmkit/aligner.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "align_test_util.hpp"
#include "test_paths.hpp"

namespace {

using tmkit::Aligner;
using tmkit::AlignerOptions;
using tmkit::Bead;
using tmkit::LangTag;
using tmkit::Segment;

using tmkit::testing::segments;

Aligner make_aligner(const char* src, const char* tgt, const AlignerOptions& options = {}) {
  auto aligner = Aligner::create(LangTag::parse(src).value(), LangTag::parse(tgt).value(), options);
  REQUIRE(aligner.ok());
  return std::move(aligner).value();
}

// Bead types with positions, e.g. "0:0 1-1", compact enough to compare with a hand answer.
std::vector<std::string> describe(const std::vector<Bead>& beads) {
  std::vector<std::string> out;
  for (const Bead& b : beads) {
    out.push_back(std::to_string(b.src_first) + ":" + std::to_string(b.tgt_first) + " " + b.type());
  }
  return out;
}

// Every segment in exactly one bead, beads in order without gaps.
void check_covers(const std::vector<Bead>& beads, std::size_t n, std::size_t m) {
  std::size_t i = 0, j = 0;
  for (const Bead& b : beads) {
    REQUIRE(b.src_first == i);
    REQUIRE(b.tgt_first == j);
    REQUIRE(b.src_count + b.tgt_count > 0);
    i += b.src_count;
    j += b.tgt_count;
  }
  REQUIRE(i == n);
  REQUIRE(j == m);
}

}  // namespace

TEST_CASE("a clean run of translated sentences aligns one to one", "[align]") {
  const auto src = segments(
      {"今天天气很好。", "我们去公园散步吧。", "公园里有很多人。", "孩子们在草地上玩耍。"});
  const auto tgt = segments({"The weather is very nice today.", "Let's go for a walk in the park.",
                             "There are a lot of people in the park.",
                             "The children are playing on the grass."});
  const auto beads = make_aligner("zh", "en").align(src, tgt);
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 1-1", "2:2 1-1", "3:3 1-1"});
}

TEST_CASE("a source sentence translated as two sentences is a 1-2 bead", "[align]") {
  const auto src = segments(
      {"The meeting starts at nine.",
       "We will discuss the budget for next year, and then we will vote on the new proposal.",
       "Lunch is served at noon."});
  const auto tgt = segments(
      {"Die Sitzung beginnt um neun.", "Wir besprechen das Budget für das nächste Jahr.",
       "Danach stimmen wir über den neuen Vorschlag ab.", "Das Mittagessen gibt es um zwölf."});
  const auto beads = make_aligner("en", "de").align(src, tgt);
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 1-2", "2:3 1-1"});
}

TEST_CASE("two source sentences translated as one are a 2-1 bead", "[align]") {
  const auto src =
      segments({"今天天气很好。", "他很累。", "所以他很早就睡觉了。", "公园里有很多人。"});
  const auto tgt = segments({"The weather is very nice today.",
                             "He was so tired that he went to bed very early.",
                             "There are a lot of people in the park."});
  const auto beads = make_aligner("zh", "en").align(src, tgt);
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 2-1", "3:2 1-1"});
}

TEST_CASE("an untranslated line becomes a 0-1 or 1-0 bead", "[align]") {
  const std::vector<std::string> en = {"The meeting starts at nine.", "Lunch is served at noon.",
                                       "The session closes at five."};
  std::vector<std::string> de = {"Die Sitzung beginnt um neun.",
                                 "Das Mittagessen gibt es um zwölf.", "Die Sitzung endet um fünf."};
  de.insert(de.begin() + 1,
            "[Anmerkung der Redaktion: dieser Absatz wurde nachträglich eingefügt und hat im "
            "Original kein Gegenstück.]");
  SECTION("inserted on the target side") {
    const auto beads = make_aligner("en", "de").align(segments(en), segments(de));
    CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 0-1", "1:2 1-1", "2:3 1-1"});
  }
  SECTION("inserted on the source side") {
    const auto beads = make_aligner("de", "en").align(segments(de), segments(en));
    CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 1-0", "2:1 1-1", "3:2 1-1"});
  }
}

TEST_CASE("a speaker label aligns with the label on the other side", "[align]") {
  // The English label is long and its sentence short, so by length alone the aligner takes
  // label and sentence together as one 2-2 bead.
  auto src = segments({"今天天气很好。", "李明：", "谢谢大家的热情欢迎。"});
  auto tgt = segments({"The weather is very nice today.",
                       "Li Ming, Director-General of the Organizing Committee:", "Thank you."});
  AlignerOptions length_only;
  length_only.lexical_weight = 0.0;
  REQUIRE(describe(make_aligner("zh", "en", length_only).align(src, tgt)) ==
          std::vector<std::string>{"0:0 1-1", "1:1 2-2"});
  const auto aligner = make_aligner("zh", "en", length_only);
  src[1].is_speaker_label = true;
  tgt[1].is_speaker_label = true;
  const auto beads = aligner.align(src, tgt);
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 1-1", "2:2 1-1"});
}

TEST_CASE("a speaker label is never merged with a sentence", "[align]") {
  // The target has no label here; by length alone "主持人：" + "欢迎大家。" fits the one target
  // sentence well, which would put a speaker's name inside a translation unit.
  auto src = segments({"主持人：", "欢迎大家来参加今天的会议。"});
  src[0].is_speaker_label = true;
  const auto tgt = segments({"Host: welcome, everyone, to today's meeting."});
  const auto beads = make_aligner("zh", "en").align(src, tgt);
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-0", "1:0 1-1"});
}

TEST_CASE("no bead spans a paragraph break", "[align]") {
  // By length, target 0 is the translation of source 0 and 1 together (a 2-1 bead); but
  // source 1 opens a new paragraph, as target 1 does.
  auto src = segments({"他很累。", "所以他很早就睡觉了。", "公园里有很多人。"});
  auto tgt = segments({"He was so tired that he went to bed very early.",
                       "There are a lot of people in the park."});
  SECTION("without paragraphs the 2-1 bead wins") {
    const auto beads = make_aligner("zh", "en").align(src, tgt);
    CHECK(describe(beads) == std::vector<std::string>{"0:0 2-1", "2:1 1-1"});
  }
  SECTION("with paragraphs it is split at the break") {
    src[1].paragraph = 1;
    src[2].paragraph = 2;
    tgt[1].paragraph = 2;
    const auto beads = make_aligner("zh", "en").align(src, tgt);
    check_covers(beads, 3, 2);
    for (const Bead& b : beads) {
      for (std::size_t k = 1; k < b.src_count; ++k) {
        CHECK(src[b.src_first + k].paragraph == src[b.src_first].paragraph);
      }
      for (std::size_t k = 1; k < b.tgt_count; ++k) {
        CHECK(tgt[b.tgt_first + k].paragraph == tgt[b.tgt_first].paragraph);
      }
    }
    // The 2-1 bead that wins without paragraphs is gone; which 1-1 pairing follows depends on
    // the paragraph-agreement weight, since the two texts' paragraphs contradict each other.
    CHECK(beads.front().src_count == 1);
  }
}

TEST_CASE("a Chinese numeral anchor decides between two equally long alignments", "[align]") {
  // Both source sentences have the same length, so only the number tells which one the single
  // target sentence translates.
  const auto src = segments({"我们有二十一个。", "我们有三十五个。"});
  const auto aligner = make_aligner("zh", "en");
  SECTION("21 matches 二十一") {
    const auto beads = aligner.align(src, segments({"We have 21 of them."}));
    CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 1-0"});
  }
  SECTION("35 matches 三十五") {
    const auto beads = aligner.align(src, segments({"We have 35 of them."}));
    CHECK(describe(beads) == std::vector<std::string>{"0:0 1-0", "1:0 1-1"});
  }
}

TEST_CASE("empty inputs give only 1-0 or 0-1 beads", "[align]") {
  const auto aligner = make_aligner("zh", "en");
  const auto three = segments({"一。", "二。", "三。"});
  CHECK(aligner.align({}, {}).empty());
  CHECK(describe(aligner.align(three, {})) ==
        std::vector<std::string>{"0:0 1-0", "1:0 1-0", "2:0 1-0"});
  CHECK(describe(aligner.align({}, three)) ==
        std::vector<std::string>{"0:0 0-1", "0:1 0-1", "0:2 0-1"});
}

TEST_CASE("every segment is in exactly one bead, in order, for random inputs", "[align]") {
  std::mt19937 rng(20240611);
  auto random_side = [&](std::size_t count) {
    std::vector<Segment> side;
    std::size_t paragraph = 0;
    for (std::size_t k = 0; k < count; ++k) {
      Segment s;
      s.text = std::string(rng() % 120, 'x') + (rng() % 5 == 0 ? " 42?" : "");
      paragraph += rng() % 6 == 0 ? 1 : 0;
      s.paragraph = paragraph;
      s.is_speaker_label = rng() % 9 == 0;
      side.push_back(std::move(s));
    }
    return side;
  };
  AlignerOptions small_band;  // forces the banded search on these small inputs too
  small_band.max_full_cells = 64;
  small_band.band_radius = 2;
  for (const AlignerOptions& options : {AlignerOptions{}, small_band}) {
    const auto aligner = make_aligner("de", "fr", options);
    for (int trial = 0; trial < 100; ++trial) {
      const auto src = random_side(rng() % 40), tgt = random_side(rng() % 40);
      const auto beads = aligner.align(src, tgt);
      check_covers(beads, src.size(), tgt.size());
      for (const Bead& b : beads) {
        REQUIRE(b.src_count <= options.max_bead_side);
        REQUIRE(b.tgt_count <= options.max_bead_side);
        REQUIRE(b.confidence >= 0.0);
        REQUIRE(b.confidence <= 1.0);
      }
    }
  }
}

TEST_CASE("confidence is high for clear beads and low for unmatched ones", "[align]") {
  const auto src = segments({"今天天气很好。", "我们去公园散步吧。"});
  const auto tgt = segments({"The weather is very nice today.",
                             "[Editor's note: this paragraph was added later and has no "
                             "counterpart in the original text at all.]",
                             "Let's go for a walk in the park."});
  const auto beads = make_aligner("zh", "en").align(src, tgt);
  REQUIRE(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 0-1", "1:2 1-1"});
  CHECK(beads[0].confidence > 0.8);
  CHECK(beads[1].confidence <= 0.2);
  CHECK(beads[2].confidence > 0.8);
}

TEST_CASE("create rejects nonsensical options", "[align]") {
  const auto zh = LangTag::parse("zh").value(), en = LangTag::parse("en").value();
  AlignerOptions options;
  options.max_bead_side = 0;
  CHECK(Aligner::create(zh, en, options).status().code() == tmkit::StatusCode::kInvalidInput);
  options = {};
  options.length_ratio = -1.0;
  CHECK(Aligner::create(zh, en, options).status().code() == tmkit::StatusCode::kInvalidInput);
  options = {};
  options.band_radius = 1;
  CHECK(Aligner::create(zh, en, options).status().code() == tmkit::StatusCode::kInvalidInput);
}

namespace {

using BeadKey = std::pair<std::vector<std::size_t>, std::vector<std::size_t>>;

std::vector<std::size_t> parse_indices(const std::string& list) {
  std::vector<std::size_t> out;
  std::string digits;
  for (char c : list + ",") {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!digits.empty()) {
      out.push_back(std::stoul(digits));
      digits.clear();
    }
  }
  return out;
}

// Beads of a vecalign-format file ("[0, 1]:[2]").
std::set<BeadKey> read_gold(const std::filesystem::path& path) {
  std::set<BeadKey> gold;
  std::istringstream in(tmkit::testing::read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find("]:[");
    if (colon == std::string::npos) continue;
    gold.insert({parse_indices(line.substr(0, colon)), parse_indices(line.substr(colon + 2))});
  }
  return gold;
}

std::vector<Segment> read_lines(const std::filesystem::path& path) {
  std::vector<std::string> lines;
  std::istringstream in(tmkit::testing::read_file(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return segments(lines);
}

BeadKey key(const Bead& b) {
  BeadKey k;
  for (std::size_t i = 0; i < b.src_count; ++i) k.first.push_back(b.src_first + i);
  for (std::size_t j = 0; j < b.tgt_count; ++j) k.second.push_back(b.tgt_first + j);
  return k;
}

}  // namespace

TEST_CASE("a gold dev document aligns with high strict F1", "[align]") {
  // Strict F1 as shared/tools/align-score.py defines it: precision over all our beads,
  // recall over the gold beads with both sides non-empty. Measured 0.87 on this document
  // when the test was written; the threshold guards against regressions, not noise.
  const auto dir = tmkit::testing::shared_dir() / "data" / "align-dev" / "textberg-de-fr";
  const auto src = read_lines(dir / "001.src"), tgt = read_lines(dir / "001.tgt");
  const auto gold = read_gold(dir / "001.gold.align");
  REQUIRE(src.size() == 137);
  const auto beads = make_aligner("de", "fr").align(src, tgt);
  std::size_t hits = 0, gold_both = 0, test_both_hits = 0;
  for (const Bead& b : beads) {
    const bool hit = gold.count(key(b)) > 0;
    hits += hit ? 1 : 0;
    test_both_hits += hit && b.src_count > 0 && b.tgt_count > 0 ? 1 : 0;
  }
  for (const auto& g : gold) gold_both += !g.first.empty() && !g.second.empty() ? 1 : 0;
  const double precision = static_cast<double>(hits) / static_cast<double>(beads.size());
  const double recall = static_cast<double>(test_both_hits) / static_cast<double>(gold_both);
  const double f1 = 2 * precision * recall / (precision + recall);
  INFO("strict precision " << precision << ", recall " << recall);
  CHECK(f1 > 0.70);
}

TEST_CASE("a segment without letters pairs with nothing rather than with text", "[align]") {
  // A web pager line between two sentences: by length alone it could join the first sentence.
  const auto src = segments({"我们欢迎各方朋友出席大会。", "谢谢。"});
  const auto tgt = segments({"We welcome friends from all sides to attend the conference.",
                             "<  1  2  3  4  5  6  7  8  >", "Thank you."});
  const auto beads = make_aligner("zh", "en").align(src, tgt);
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 0-1", "1:2 1-1"});
}

TEST_CASE("a sentence translated as four sentences is one 1-4 bead", "[align]") {
  const auto src = segments(
      {"会议开始了。",
       "主席首先欢迎各国代表，然后介绍了今年的议程，接着说明了投票的规则，最后宣布第一项讨论开始。",
       "午饭在十二点。"});
  const auto tgt =
      segments({"The meeting began.", "The chair first welcomed the delegates.",
                "Then she presented this year's agenda.", "Next she explained the voting rules.",
                "Finally she announced the start of the first discussion.", "Lunch is at twelve."});
  const auto beads = make_aligner("zh", "en").align(src, tgt);
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 1-4", "2:5 1-1"});
}

TEST_CASE("an inserted paragraph becomes 1-0 beads", "[align]") {
  auto src = segments({"会议开始了。", "主席欢迎各国代表。", "编者按：", "本段为后来插入。",
                       "原文中没有对应内容。", "午饭在十二点。", "下午继续讨论。"});
  const std::vector<std::size_t> src_paragraphs = {0, 0, 1, 1, 1, 2, 2};
  for (std::size_t i = 0; i < src.size(); ++i) src[i].paragraph = src_paragraphs[i];
  auto tgt = segments({"The meeting began.", "The chair welcomed the delegates.",
                       "Lunch is at twelve.", "The discussion continues in the afternoon."});
  const std::vector<std::size_t> tgt_paragraphs = {0, 0, 1, 1};
  for (std::size_t j = 0; j < tgt.size(); ++j) tgt[j].paragraph = tgt_paragraphs[j];
  const auto beads = make_aligner("zh", "en").align(src, tgt);
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 1-1", "2:2 1-0", "3:2 1-0",
                                                    "4:2 1-0", "5:2 1-1", "6:3 1-1"});
}

TEST_CASE("names match through their pinyin", "[align]") {
  // The two lines differ only in the name: only the name tells which one the English
  // translates (length rules out taking both).
  const auto src = segments({"朱国贤介绍了情况。", "赵泽良介绍了情况。"});
  const auto beads =
      make_aligner("zh", "en").align(src, segments({"Zhao Zeliang described the situation."}));
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-0", "1:0 1-1"});
  const auto other =
      make_aligner("zh", "en").align(src, segments({"Zhu Guoxian described the situation."}));
  CHECK(describe(other) == std::vector<std::string>{"0:0 1-1", "1:1 1-0"});
}

TEST_CASE("numbers written in Chinese numerals match Arabic digits", "[align]") {
  const auto src = segments({"会议有八十多个国家参加。", "会议有二十一个国家参加。"});
  const auto beads =
      make_aligner("zh", "en").align(src, segments({"Twenty-one (21) countries took part."}));
  CHECK(describe(beads) == std::vector<std::string>{"0:0 1-0", "1:0 1-1"});
}

TEST_CASE("a user lexicon drives the lexical score for a pair without a built-in one", "[align]") {
  // By length alone the two lines are interchangeable; the lexicon tells them apart.
  const auto src =
      segments({"Das Haus ist sehr alt und gross.", "Der Berg ist sehr alt und gross."});
  const auto tgt = segments({"La montagne est tres vieille et grande."});
  AlignerOptions options;
  options.lexicon =
      tmkit::Lexicon::parse("Haus\tmaison\nBerg\tmontagne\n", LangTag::parse("de").value(),
                            LangTag::parse("fr").value(), "test")
          .value();
  CHECK(describe(make_aligner("de", "fr", options).align(src, tgt)) ==
        std::vector<std::string>{"0:0 1-0", "1:0 1-1"});
  // A lexicon for another pair is refused.
  options.lexicon = tmkit::Lexicon::parse("Haus\thouse\n", LangTag::parse("de").value(),
                                          LangTag::parse("en").value(), "test")
                        .value();
  CHECK_FALSE(
      Aligner::create(LangTag::parse("de").value(), LangTag::parse("fr").value(), options).ok());
}

TEST_CASE("confidence is high for a clean pair and low for a guess", "[align]") {
  const auto src = segments({"今天天气很好。", "我们去公园散步吧。"});
  const auto tgt =
      segments({"The weather is very nice today.", "Let's go for a walk in the park.",
                "Follow China.org.cn on Twitter and Facebook to join the conversation."});
  const auto beads = make_aligner("zh", "en").align(src, tgt);
  REQUIRE(describe(beads) == std::vector<std::string>{"0:0 1-1", "1:1 1-1", "2:2 0-1"});
  CHECK(beads[0].confidence >= 0.9);
  CHECK(beads[1].confidence >= 0.9);
  CHECK(beads[2].confidence < 0.3);  // no counterpart: never stored by default
}
