#include "tmkit/memory/fuzzy_match.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tokenize.hpp"

namespace tmkit {
namespace {

struct ScoreCase {
  const char* a;
  const char* b;
  double expected;  // worked out by hand: tokens, edit distance d, longer length n
};

TEST_CASE("fuzzy_score matches hand-computed token edit distances", "[tm]") {
  const ScoreCase c = GENERATE(values<ScoreCase>({
      {"the cat sat down", "the cat sat down", 100.0},  // equal
      {"", "", 100.0},                                  // both empty
      {"word", "", 0.0},                                // d=1, n=1
      {"the cat sat down", "the dog sat down", 75.0},   // 1 substitution, n=4
      {"Hello, world!", "Hello world", 50.0},           // [Hello , world !]: 2 deletions, n=4
      {"The cat", "the cat", 50.0},                     // case-sensitive: d=1, n=2
      {"a  b\t", " a b", 100.0},                        // white space is not a token
      {"one two three", "three two one", 100.0 / 3},    // 2 substitutions, n=3
      {"a b c d e", "a b c d e f g h i j", 50.0},       // 5 insertions, n=10
      {"version 2.0", "version 3.0", 75.0},             // [version 2 . 0]: d=1, n=4
      {"我喜欢猫", "我喜欢狗", 75.0},                   // one character each: d=1, n=4
      {"我喜欢猫。", "我喜欢狗", 60.0},                 // substitution + deletion, n=5
      {"iPhone手机", "iPhone 手机", 100.0},             // [iPhone 手 机] both
      {"カメラです", "カメラでした", 200.0 / 3},        // sub す→し, insert た: d=2, n=6
      {"naïve café", "naive café", 50.0},               // ï is a different word: d=1, n=2
  }));
  CAPTURE(c.a, c.b);
  CHECK(fuzzy_score(c.a, c.b) == Approx(c.expected));
  CHECK(fuzzy_score(c.b, c.a) == Approx(c.expected));  // symmetric
}

TEST_CASE("tokenize splits words, CJK characters and punctuation and drops white space", "[tm]") {
  using Tokens = std::vector<std::string_view>;
  CHECK(detail::tokenize("Hello, world!") == Tokens{"Hello", ",", "world", "!"});
  CHECK(detail::tokenize("  don't\u00a0stop ") == Tokens{"don", "'", "t", "stop"});
  CHECK(detail::tokenize("2024年，朱国贤说") == Tokens{"2024", "年", "，", "朱", "国", "贤", "说"});
  CHECK(detail::tokenize("コーヒーを") == Tokens{"コ", "ー", "ヒ", "ー", "を"});
  CHECK(detail::tokenize("cafe\u0301s") == Tokens{"cafe\u0301s"});     // a combining mark stays
  CHECK(detail::tokenize("한국어 문장") == Tokens{"한국어", "문장"});  // Hangul uses spaces
  CHECK(detail::tokenize("").empty());
  CHECK(detail::tokenize(" \t\n\u3000").empty());
}

TEST_CASE("normalize_for_match applies NFC, collapses white space and keeps case", "[tm]") {
  CHECK(detail::normalize_for_match("  Cafe\u0301 \t\n AU\u3000lait\u00a0").value() ==
        "Café AU lait");
  CHECK(detail::normalize_for_match("").value().empty());
  CHECK(detail::normalize_for_match("bad \xff").status().code() == StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace tmkit
