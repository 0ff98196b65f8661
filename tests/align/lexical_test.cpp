// The lexical score's parts, on small hand-checked inputs: word normalisation, lexicon formats,
// tokenisation (longest match, names), coverage masks and the sentence log-likelihood ratio.
#include "lexical.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "align_test_util.hpp"
#include "lexicon_data.hpp"
#include "tmkit/lexicon.hpp"
#include "word_norm.hpp"

namespace {

using tmkit::LangTag;
using tmkit::Lexicon;
using tmkit::Segment;
using namespace tmkit::detail;

using tmkit::testing::segments;

LangTag tag(const char* text) { return LangTag::parse(text).value(); }

// The keys of sentence s.
std::vector<std::string> keys(const SideTokens& side, std::size_t s) {
  std::vector<std::string> out;
  for (std::uint32_t k = side.offsets[s]; k < side.offsets[s + 1]; ++k) {
    out.push_back(side.keys[side.ids[k]]);
  }
  return out;
}

const Lexicon& zh_en() {
  static const Lexicon lexicon = *Lexicon::builtin(tag("zh"), tag("en"));
  return lexicon;
}

// 神创造天地 against six English sentences: "God" is in four of them, "created" in one.
LexicalModel creation_model() {
  const auto src = segments({"神创造天地。"});
  const auto tgt = segments({"God created the heaven and the earth.", "God said.", "God saw.",
                             "God called.", "It was good.", "The evening came."});
  SideTokens zh = tokenize_side(src, "zh", &zh_en().data(), "en");
  SideTokens en = tokenize_side(tgt, "en", nullptr, "zh");
  LinkTable links = link_by_lexicon(zh, en, &zh_en().data());
  return LexicalModel(std::move(zh), std::move(en), std::move(links), true);
}

}  // namespace

TEST_CASE("words are folded, English words lightly stemmed, stop words dropped", "[align]") {
  CHECK(fold_word("Éxpédition") == "expedition");
  CHECK(fold_word("GSMA") == "gsma");
  CHECK(fold_word("Straße") == "strasse");
  CHECK(english_stem("created") == "creat");
  CHECK(english_stem("creates") == "creat");
  CHECK(english_stem("create") == "creat");
  CHECK(english_stem("waters") == "water");
  CHECK(english_stem("cities") == "citi");
  CHECK(english_stem("city") == "citi");
  CHECK(english_stem("glass") == "glass");
  CHECK(english_stem("is") == "is");
  CHECK(is_stop_word("en", "the"));
  CHECK_FALSE(is_stop_word("en", "god"));
  CHECK(is_stop_word("fr", "les"));
  CHECK_FALSE(is_stop_word("zh", "the"));
}

TEST_CASE("German and French words lose their inflectional endings, stop words stay", "[align]") {
  CHECK(german_stem("schonen") == "schon");
  CHECK(german_stem("schone") == "schon");
  CHECK(german_stem("bergsteiger") == "bergsteig");
  CHECK(german_stem("bergsteigern") == "bergsteigern");  // -ern is left: "wandern" is no "wand"
  CHECK(german_stem("hauses") == "haus");
  CHECK(german_stem("haus") == "haus");  // too short to lose its -s
  CHECK(german_stem("verlassene") == "verlass");
  CHECK(french_stem("decus") == "decu");
  CHECK(french_stem("decue") == "decu");
  CHECK(french_stem("designees") == "design");
  CHECK(french_stem("designer") == "design");
  CHECK(french_stem("chevaux") == "cheval");
  CHECK(french_stem("classe") == "class");
  CHECK(french_stem("mer") == "mer");
  CHECK(match_key("de", "Schönen") == "schon");
  CHECK(match_key("fr", "Déçues") == "decu");
  // Stop words keep their folded form, so that "nous" is still known as one.
  CHECK(match_key("fr", "Nous") == "nous");
  CHECK(match_key("de", "Eine") == "eine");
  // A stem that is a stop word is not used: "sûrs" is no "sur".
  CHECK(match_key("fr", "sûrs") == "surs");
}

TEST_CASE("an inflected German word finds its base form in a lexicon", "[align]") {
  const auto lexicon =
      Lexicon::parse("verlassen\tquitter\nSchnee\tneige\n", tag("de"), tag("fr"), "t.tsv");
  REQUIRE(lexicon.ok());
  const LexiconData& data = lexicon->data();
  const SideTokens de = tokenize_side(
      segments({"Sie verliessen den Schnee, er verlassene Hütten."}), "de", &data, "fr");
  const SideTokens fr = tokenize_side(segments({"Ils ont quitté la neige."}), "fr", &data, "de");
  const LinkTable links = link_by_lexicon(de, fr, &data);
  auto linked = [&](const std::string& x, const std::string& y) {
    for (std::uint32_t a = 0; a < de.keys.size(); ++a) {
      if (de.keys[a] != x) continue;
      for (std::uint32_t b : links.links[a]) {
        if (fr.keys[b] == y) return true;
      }
    }
    return false;
  };
  CHECK(linked("schne", "neig"));
  CHECK(linked("verlass", "quitt"));  // "verlassene" and "quitté" meet the lexicon's base forms
}

TEST_CASE("a lexicon reads tmkit's TSV and hunalign's format and names bad lines", "[align]") {
  const auto lexicon =
      Lexicon::parse("# comment\nHaus\thouse home\nHaus\tbuilding\nmountain @ Berg\n\n", tag("de"),
                     tag("en"), "test.tsv");
  REQUIRE(lexicon.ok());
  CHECK(lexicon->size() == 2);
  const LexiconEntry* haus = lexicon->data().find("haus");  // keys are folded
  REQUIRE(haus != nullptr);
  // Stemmed like English text: "home" -> "hom", "building" -> "build".
  CHECK(entry_targets(*haus, "en") == std::vector<std::string>{"hous", "hom", "build"});
  const LexiconEntry* berg = lexicon->data().find("berg");
  REQUIRE(berg != nullptr);
  CHECK(entry_targets(*berg, "en") == std::vector<std::string>{"mountain"});

  const auto bad =
      Lexicon::parse("Haus\thouse\nno separator here\n", tag("de"), tag("en"), "x.tsv");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() ==
        "x.tsv: line 2: expected 'source<TAB>target words' or hunalign's 'target @ source'");
  CHECK_FALSE(Lexicon::parse("\n# only a comment\n", tag("de"), tag("en"), "e.tsv").ok());
  CHECK_FALSE(Lexicon::parse("Haus\t\xff\n", tag("de"), tag("en"), "u.tsv").ok());
}

TEST_CASE("the built-in lexicons serve both directions of zh-en and de-fr only", "[align]") {
  const auto forward = Lexicon::builtin(tag("zh-CN"), tag("en-US"));
  REQUIRE(forward.has_value());
  CHECK(forward->source_language() == "zh");
  CHECK(forward->size() > 100000);
  const LexiconEntry* say = forward->data().find("说");
  REQUIRE(say != nullptr);
  const auto targets = entry_targets(*say, "en");
  CHECK(std::find(targets.begin(), targets.end(), "say") != targets.end());
  CHECK(Lexicon::builtin(tag("en"), tag("zh")).has_value());
  CHECK(Lexicon::builtin(tag("fr"), tag("de")).has_value());
  CHECK_FALSE(Lexicon::builtin(tag("de"), tag("en")).has_value());
  const auto de_fr = Lexicon::builtin(tag("de-CH"), tag("fr-CH"));
  REQUIRE(de_fr.has_value());
  const LexiconEntry* glacier = de_fr->data().find("gletsch");  // keys are stems
  REQUIRE(glacier != nullptr);
  CHECK(entry_targets(*glacier, "fr") == std::vector<std::string>{"glaci"});
}

TEST_CASE("Chinese is cut by longest match; name-like runs also give their pinyin", "[align]") {
  const auto side =
      tokenize_side(segments({"起初神创造天地。", "朱国贤：谢谢。"}), "zh", &zh_en().data(), "en");
  CHECK(keys(side, 0) == std::vector<std::string>{"起初", "神", "创造", "天地"});
  // 朱 国 贤 are single-character entries: the runs 朱国, 国贤 and 朱国贤 are read as pinyin.
  CHECK(keys(side, 1) ==
        std::vector<std::string>{"朱", "国", "zhuguo", "贤", "guoxian", "zhuguoxian", "谢谢"});
  const auto english = tokenize_side(segments({"Zhu Guoxian: In the beginning God created it."}),
                                     "en", nullptr, "zh");
  CHECK(keys(english, 0) == std::vector<std::string>{"zhu", "guoxian", "beginn", "god", "creat"});
}

TEST_CASE("a side tokenized in parts and joined has the ids of one pass", "[align]") {
  const auto text =
      segments({"起初神创造天地。", "神说，要有光。", "朱国贤：谢谢。", "神看光是好的。"});
  const SideTokens whole = tokenize_side(text, "zh", &zh_en().data(), "en");
  for (const std::size_t part : {1, 2, 3}) {
    std::vector<SideTokens> parts;
    for (std::size_t begin = 0; begin < text.size(); begin += part) {
      parts.push_back(tokenize_part(text, begin, std::min(text.size(), begin + part), "zh",
                                    &zh_en().data(), "en"));
    }
    const SideTokens joined = join_parts(std::move(parts));
    CHECK(joined.offsets == whole.offsets);
    CHECK(joined.ids == whole.ids);
    CHECK(joined.keys == whole.keys);
  }
}

TEST_CASE("coverage masks mark the words the other sentence translates", "[align]") {
  const auto src = segments({"起初神创造天地。", "朱国贤：谢谢。"});
  const auto tgt = segments(
      {"In the beginning God created the heaven and the earth.", "Zhu Guoxian: Thank you."});
  SideTokens zh = tokenize_side(src, "zh", &zh_en().data(), "en");
  SideTokens en = tokenize_side(tgt, "en", nullptr, "zh");
  LinkTable links = link_by_lexicon(zh, en, &zh_en().data());
  const LexicalModel model(std::move(zh), std::move(en), std::move(links), true);
  // Only words with a possible translation on the other side are scored. Sentence 0: 起初
  // (originally, at first, outset: none in the English) is not; 神 (god), 创造 (create) and
  // 天地 (heaven, earth) are, and all three are covered. English: beginn, god, creat, heaven,
  // earth; "beginn" is no gloss of any word here and is not scored, the other four are covered.
  const auto first = model.pair_masks(0, 0);
  CHECK(first.src == 0b111);
  CHECK(first.tgt == 0b1111);
  // Across sentences: only chance overlaps, none here.
  CHECK(model.pair_masks(0, 1).src == 0);
  CHECK(model.pair_masks(0, 1).tgt == 0);
  // The name's pinyin covers "guoxian" and 谢谢 covers "thank".
  const auto second = model.pair_masks(1, 1);
  CHECK(second.tgt != 0);
  CHECK(second.src != 0);
}

TEST_CASE("a sentence's log-likelihood ratio rises with coverage and rare words", "[align]") {
  const LexicalModel model = creation_model();
  // Scored: 神 (bit 0), 创造 (bit 1), 天地 (bit 2); each with q = 0.5 before learning, so each
  // uncovered token costs log 2.
  const double none = model.sentence_llr(true, 0, 0, 0.0);
  CHECK(none == Approx(-3 * std::log(2.0)));
  // Covering 神 (chance 4/6 > q) earns nothing beyond not paying log 2; covering 创造
  // (chance 1/6) earns log(0.5 / (1/6)) = log 3 more.
  const double god_only = model.sentence_llr(true, 0, 0b001, 0.0);
  const double create_only = model.sentence_llr(true, 0, 0b010, 0.0);
  CHECK(god_only == Approx(-2 * std::log(2.0)));
  CHECK(create_only == Approx(-2 * std::log(2.0) + std::log(3.0)));
  const double all = model.sentence_llr(true, 0, 0b111, 0.0);
  CHECK(all > create_only);
  // A longer other side (r = 2) makes the same coverage worth less: log 3 - log 2 for 创造.
  CHECK(model.sentence_llr(true, 0, 0b010, std::log(2.0)) ==
        Approx(-2 * std::log(2.0) + std::log(1.5)));
}

TEST_CASE("learned rates change what covering a word earns, not what missing it costs", "[align]") {
  LexicalModel model = creation_model();
  // One sure bead, in which all three words are covered: each rate becomes (1 + 2 * 1) / 3 = 1,
  // clamped to 0.95.
  model.learn_cover_rates({tmkit::detail::BeadRange{0, 1, 0, 1}});
  CHECK(model.sentence_llr(true, 0, 0, 0.0) == Approx(-3 * std::log(2.0)));
  // Covering 创造 (chance 1/6) now earns log(0.95 / (1/6)) on top of not missing it.
  CHECK(model.sentence_llr(true, 0, 0b010, 0.0) ==
        Approx(-2 * std::log(2.0) + std::log(0.95 * 6)).epsilon(1e-4));
}

TEST_CASE("a German compound the lexicon lacks takes the translations of its parts", "[align]") {
  const auto lexicon = Lexicon::parse(
      "nordost\tnord-est\nwand\tparoi mur\nverkehr\ttrafic\n"
      "mittel\tmoyen\n",
      tag("de"), tag("fr"), "test.tsv");
  REQUIRE(lexicon.ok());
  const auto de = tokenize_side(segments({"Die Nordostwand und Verkehrsmittel."}), "de",
                                &lexicon->data(), "fr");
  const auto fr =
      tokenize_side(segments({"la paroi nord-est et les moyens de trafic"}), "fr", nullptr, "de");
  const LinkTable links = link_by_lexicon(de, fr, &lexicon->data());
  auto linked_keys = [&](const std::string& word) {
    std::vector<std::string> out;
    for (std::uint32_t id = 0; id < de.keys.size(); ++id) {
      if (de.keys[id] != word) continue;
      for (std::uint32_t target : links.links[id]) out.push_back(fr.keys[target]);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  // "nord-est" is two French words like in the text, "nord" and "est"; "est" (also "is") is a
  // French stop word.
  CHECK(linked_keys("nordostwand") == std::vector<std::string>{"nord", "paroi"});
  // Verkehr + linking s + Mittel ("moyens" is stemmed as "moyen").
  CHECK(linked_keys("verkehrsmittel") == std::vector<std::string>{"moyen", "trafic"});
}
