#include "tmkit/memory/fuzzy_match.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
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
      {"The cat", "the cat", 99.0},                     // differs only in case: 99
      {"a  b\t", " a b", 100.0},                        // white space is not a token
      {"one two three", "three two one", 100.0 / 3},    // 2 substitutions, n=3
      {"a b c d e", "a b c d e f g h i j", 50.0},       // 5 insertions, n=10
      {"version 2.0", "version 3.0", 99.0},             // [version 2.0]: only a number differs
      {"我喜欢猫", "我喜欢狗", 75.0},                   // one character each: d=1, n=4
      {"我喜欢猫。", "我喜欢狗", 60.0},                 // substitution + deletion, n=5
      {"iPhone手机", "iPhone 手机", 99.0},            // [iPhone 手 机] both, white space differs
      {"カメラです", "カメラでした", 200.0 / 3},      // sub す→し, insert た: d=2, n=6
      {"naïve café", "naive café", 50.0},             // ï is a different word: d=1, n=2
      {"Ａｐｐｌｅ　ｐｉｅ", "Apple pie", 99.0},      // full-width forms and case only
      {"The Cat sat", "the dog sat", 100.0 / 3},      // case counts once a word differs: d=2
      {"Pay 12,000 yuan", "Pay 15,500 yuan", 99.0},   // "12,000" is one number token
      {"Pay 12,000 yuan.", "Pay 15,500 yuan", 50.0},  // numbers and "." differ: d=2, n=4
      {"Room 12", "Room twelve", 50.0},               // a number against a word: d=1, n=2
      {"Click \uE000OK\uE001 now", "Click OK now", 97.0},  // form only 99, 2 codes extra
      {"Click \uE000OK now", "Click \uE001OK now", 97.0},  // one code each side differs
      {"a b c \uE000", "a b x", 200.0 / 3 - 1.0},          // d=1, n=3, one code extra
  }));
  CAPTURE(c.a, c.b);
  CHECK(fuzzy_score(c.a, c.b) == Approx(c.expected));
  CHECK(fuzzy_score(c.b, c.a) == Approx(c.expected));  // symmetric
}

TEST_CASE("token_edit_distance equals the textbook dynamic programme", "[tm]") {
  // The classic O(n*m) recurrence, written out here as the reference for the bit-parallel
  // implementation; sequences up to 150 tokens cross the 64-token blocks.
  const auto reference = [](const std::vector<std::string_view>& a,
                            const std::vector<std::string_view>& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({diagonal + (a[i - 1] == b[j - 1] ? 0 : 1), up + 1, row[j - 1] + 1});
        diagonal = up;
      }
    }
    return row[b.size()];
  };
  const std::vector<std::string_view> alphabet{"the", "cat", "sat", ",", "on", "mat", "猫", "A"};
  std::uint64_t state = 42;
  const auto next = [&](std::size_t n) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string_view> a(next(151)), b(next(151));
    const std::size_t letters = 1 + next(alphabet.size());  // few letters: many equal tokens
    for (auto& t : a) t = alphabet[next(letters)];
    for (auto& t : b) t = alphabet[next(letters)];
    CAPTURE(a.size(), b.size(), letters);
    REQUIRE(detail::token_edit_distance(a, b) == reference(a, b));
  }
}

TEST_CASE("tokenize splits words, CJK characters and punctuation and drops white space", "[tm]") {
  using Tokens = std::vector<std::string_view>;
  CHECK(detail::tokenize("Hello, world!") == Tokens{"Hello", ",", "world", "!"});
  CHECK(detail::tokenize("  don't\u00a0stop ") == Tokens{"don't", "stop"});
  CHECK(detail::tokenize("'tis 3.14, 12,000 and 1, 2") ==
        Tokens{"'", "tis", "3.14", ",", "12,000", "and", "1", ",", "2"});
  // '.' between two letters stays inside a word (UAX #29 WB6/7), as in "e.g".
  CHECK(detail::tokenize("end.Next x''") == Tokens{"end.Next", "x", "'", "'"});
  CHECK(detail::tokenize("a\uE000b") == Tokens{"a", "\uE000", "b"});
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

TEST_CASE("explain_match names the rule and the numbers that differ", "[tm]") {
  using Rule = MatchExplanation::Rule;
  const MatchExplanation exact = explain_match("a  b", "a b");
  CHECK(exact.rule == Rule::kExact);
  CHECK(exact.score == 100.0);
  const MatchExplanation form = explain_match("HELLO world", "hello world");
  CHECK(form.rule == Rule::kFormOnly);
  CHECK(form.score == 99.0);
  const MatchExplanation numbers = explain_match("Chapter 4, verse 12", "Chapter 3, verse 12");
  CHECK(numbers.rule == Rule::kNumbersOnly);
  CHECK(numbers.score == 99.0);
  using Changes = std::vector<std::pair<std::string, std::string>>;
  CHECK(numbers.number_changes == Changes{{"3", "4"}});  // (candidate, query)
  const MatchExplanation edit = explain_match("the cat sat down", "the dog sat down");
  CHECK(edit.rule == Rule::kEditDistance);
  CHECK(edit.distance == 1);
  CHECK(edit.query_tokens == 4);
  CHECK(edit.score == 75.0);
  CHECK_THAT(describe(edit), Catch::Contains("edit distance 1 over max(4, 4)"));
  ScoreOptions options;
  options.near_exact = 95.0;
  options.code_penalty = 2.5;
  CHECK(explain_match("x \uE000y", "X y", options).score == 92.5);
}

TEST_CASE("substitute_numbers puts the query's numbers into the target", "[tm]") {
  using Changes = std::vector<std::pair<std::string, std::string>>;
  CHECK(substitute_numbers("第3章第12节", Changes{{"3", "4"}}) == "第4章第12节");
  CHECK(substitute_numbers("Pay 12,000 now, 5 later", Changes{{"12,000", "15,500"}, {"5", "7"}}) ==
        "Pay 15,500 now, 7 later");
  // "13" is a different number token from "3": not touched.
  CHECK(substitute_numbers("3 and 13", Changes{{"3", "4"}}) == "4 and 13");
  // The number is missing from the target (written in words): no substitution.
  CHECK(substitute_numbers("第三章", Changes{{"3", "4"}}).empty());
  // One number becoming two different ones is ambiguous.
  CHECK(substitute_numbers("3 3", Changes{{"3", "4"}, {"3", "5"}}).empty());
}

TEST_CASE("banded_edit_distance equals the full distance within its bound", "[tm]") {
  const std::vector<std::uint32_t> a = {1, 2, 3, 4, 5, 6};
  const std::vector<std::uint32_t> b = {1, 9, 3, 4, 6, 7, 8};  // sub 2->9, del 5, ins 7, 8: d=4
  CHECK(detail::banded_edit_distance(a.data(), a.size(), b.data(), b.size(), 10) == 4);
  CHECK(detail::banded_edit_distance(a.data(), a.size(), b.data(), b.size(), 4) == 4);
  CHECK(detail::banded_edit_distance(a.data(), a.size(), b.data(), b.size(), 3) == 4);  // bound+1
  CHECK(detail::banded_edit_distance(a.data(), a.size(), b.data(), b.size(), 0) == 1);
  CHECK(detail::banded_edit_distance(a.data(), 0, b.data(), 3, 5) == 3);
  CHECK(detail::max_distance_for(50.0, 4, 4) == 2);
  CHECK(detail::max_distance_for(75.0, 4, 3) == 1);
  CHECK(detail::max_distance_for(76.0, 4, 4) == 0);
}

TEST_CASE("the bit-parallel distance equals the banded one on random sequences", "[tm]") {
  std::uint64_t state = 7;
  const auto next = [&](std::size_t n) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::uint32_t> a(next(200)), b(next(220));      // one to four blocks
    for (auto& x : a) x = static_cast<std::uint32_t>(next(6));  // a small alphabet: many ties
    for (auto& x : b) x = static_cast<std::uint32_t>(next(6));
    const std::size_t bound = next(240);
    const detail::TokenPattern pattern(a);
    CAPTURE(a.size(), b.size(), bound);
    REQUIRE(pattern.distance(b.data(), b.size(), bound) ==
            detail::banded_edit_distance(a.data(), a.size(), b.data(), b.size(), bound));
  }
}

}  // namespace
}  // namespace tmkit
