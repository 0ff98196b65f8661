// A small strict JSON reader (RFC 8259), for the review decisions that `tmkit apply-review`
// reads. tmkit may use no JSON library, and the decisions file comes from a browser the user
// controls, so the reader refuses anything RFC 8259 does not allow rather than guessing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/status.hpp"

namespace tmkit::review {

// One parsed JSON value with where it starts in the text, so that errors found later (a
// missing member, a wrong type) can name the line and byte as the parser's own errors do.
struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0.0;
  std::string string;                                      // kString: UTF-8, escapes decoded
  std::vector<JsonValue> items;                            // kArray
  std::vector<std::pair<std::string, JsonValue>> members;  // kObject, in file order
  std::size_t line = 1;                                    // 1-based line of the value's first byte
  std::size_t offset = 0;  // 0-based byte offset of the value's first byte

  // The member named `key` of an object, or nullptr (also for a value that is no object).
  const JsonValue* find(std::string_view key) const;
  // "line 12, byte 345": where the value starts, for error messages.
  std::string where() const;
};

// The name of a type for messages: "null", "boolean", "number", "string", "array", "object".
const char* json_type_name(JsonValue::Type type);

// Limits that keep a hostile file from exhausting the stack.
struct JsonLimits {
  std::size_t max_depth = 64;  // nesting of arrays and objects
};

// Parses UTF-8 `text` holding exactly one JSON value (white space around it allowed; one UTF-8
// byte order mark at the start is skipped). Refuses, with kInvalidInput "json: why (line L,
// byte B)": invalid UTF-8, control characters in strings, unknown or malformed escapes, lone
// surrogates, leading zeros, '+', NaN/Infinity, numbers out of double range, comments, trailing
// commas, duplicate object keys, trailing content and nesting deeper than limits.max_depth.
Result<JsonValue> parse_json(std::string_view text, const JsonLimits& limits = {});

}  // namespace tmkit::review
