#include "tmkit/review/json.hpp"

#include <catch2/catch.hpp>
#include <string>

using tmkit::review::JsonValue;
using tmkit::review::parse_json;

TEST_CASE("json reads every kind of value with its position", "[json]") {
  const auto value = parse_json("{\"a\": [1, -2.5e1, true, false, null],\n \"b\": \"x\"}");
  REQUIRE(value.ok());
  REQUIRE(value->type == JsonValue::Type::kObject);
  REQUIRE(value->members.size() == 2);
  const JsonValue* a = value->find("a");
  REQUIRE(a != nullptr);
  REQUIRE(a->items.size() == 5);
  CHECK(a->items[0].number == 1.0);
  CHECK(a->items[1].number == -25.0);
  CHECK(a->items[2].boolean);
  CHECK(a->items[3].type == JsonValue::Type::kBool);
  CHECK_FALSE(a->items[3].boolean);
  CHECK(a->items[4].type == JsonValue::Type::kNull);
  const JsonValue* b = value->find("b");
  REQUIRE(b != nullptr);
  CHECK(b->string == "x");
  CHECK(b->line == 2);
  CHECK(b->offset == 44);  // counted by hand: the opening quote of "x"
  CHECK(value->find("c") == nullptr);
}

TEST_CASE("json decodes escapes and keeps UTF-8 as it is", "[json]") {
  // \u00e9 is é (C3 A9), \ud83d\ude00 is U+1F600 (F0 9F 98 80), 浙 stays E6 B5 99.
  const auto value = parse_json(R"("a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00浙")");
  REQUIRE(value.ok());
  CHECK(value->string == "a\"\\/\b\f\n\r\t\xC3\xA9\xF0\x9F\x98\x80\xE6\xB5\x99");
}

TEST_CASE("json skips one UTF-8 byte order mark", "[json]") {
  const auto value = parse_json("\xEF\xBB\xBF[]");
  REQUIRE(value.ok());
  CHECK(value->type == JsonValue::Type::kArray);
}

TEST_CASE("json refuses what RFC 8259 does not allow, saying where", "[json]") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"", "unexpected end of the text, a value was expected (line 1, byte 0)"},
      {"[1,]", "unexpected character, a value was expected (line 1, byte 3)"},
      {"{\"a\":1,}", "an object key (a string) was expected (line 1, byte 7)"},
      {"{\"a\":1,\"a\":2}", "duplicate key \"a\" (line 1, byte 10)"},
      {"[01]", "a number may not have a leading zero (line 1, byte 2)"},
      {"[+1]", "unexpected character, a value was expected (line 1, byte 1)"},
      {"[1.]", "a digit was expected after '.' (line 1, byte 3)"},
      {"[1e]", "a digit was expected in the exponent (line 1, byte 3)"},
      {"[NaN]", "unexpected character, a value was expected (line 1, byte 1)"},
      {"[1e999]", "number out of range (line 1, byte 6)"},
      {"// c\n[]", "unexpected character, a value was expected (line 1, byte 0)"},
      {"[]\n[]", "unexpected content after the value (line 2, byte 3)"},
      {"\"a\nb\"", "a control character in a string (write it as an escape) (line 1, byte 2)"},
      {"\"\\x\"", "unknown escape in a string (line 1, byte 3)"},
      {"\"\\ud800\"", "a high surrogate without its low half (line 1, byte 7)"},
      {"\"\\udc00\"", "a lone low surrogate in a \\u escape (line 1, byte 7)"},
      {"\"\\u12g4\"", "four hex digits were expected after \\u (line 1, byte 5)"},
      {"\"\xC0\xAF\"", "invalid UTF-8 in a string (line 1, byte 1)"},
      {"\"\xED\xA0\x80\"", "invalid UTF-8 in a string (line 1, byte 1)"},
      {"\"abc", "unterminated string (line 1, byte 4)"},
      {"[1 2]", "',' or ']' was expected in an array (line 1, byte 3)"},
      {"{\"a\" 1}", "':' was expected after an object key (line 1, byte 5)"},
      {"tru", "unexpected character (line 1, byte 0)"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const auto value = parse_json(c.text);
    REQUIRE_FALSE(value.ok());
    CHECK(value.status().message() == std::string("json: ") + c.message);
  }
}

TEST_CASE("json refuses nesting deeper than the limit", "[json]") {
  tmkit::review::JsonLimits limits;
  limits.max_depth = 3;
  CHECK(parse_json("[[[1]]]", limits).ok());
  const auto deep = parse_json("[[[[1]]]]", limits);
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.status().message() == "json: nested deeper than 3 (line 1, byte 3)");
  // The default limit keeps a hostile file from exhausting the stack.
  CHECK_FALSE(parse_json(std::string(100000, '[')).ok());
}
