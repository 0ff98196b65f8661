#include "tmkit/review/json.hpp"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <set>

namespace tmkit::review {
namespace {

class Parser {
 public:
  Parser(std::string_view text, const JsonLimits& limits) : text_(text), limits_(limits) {}

  Result<JsonValue> parse_document() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") advance(3);
    skip_space();
    JsonValue value;
    TMKIT_RETURN_IF_ERROR(parse_value(value, 0));
    skip_space();
    if (pos_ < text_.size()) return error("unexpected content after the value");
    return value;
  }

 private:
  Status error(const std::string& why) const {
    return Status::invalid_input("json: " + why + " (line " + std::to_string(line_) + ", byte " +
                                 std::to_string(pos_) + ")");
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void advance(std::size_t count = 1) {
    for (std::size_t i = 0; i < count && !at_end(); ++i) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  void skip_space() {
    while (!at_end()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      advance();
    }
  }

  Status expect_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return error("unexpected character");
    advance(word.size());
    return {};
  }

  Status parse_value(JsonValue& value, std::size_t depth) {
    value.line = line_;
    value.offset = pos_;
    switch (peek()) {
      case '{':
        return parse_object(value, depth + 1);
      case '[':
        return parse_array(value, depth + 1);
      case '"':
        value.type = JsonValue::Type::kString;
        return parse_string(value.string);
      case 't':
        value.type = JsonValue::Type::kBool;
        value.boolean = true;
        return expect_word("true");
      case 'f':
        value.type = JsonValue::Type::kBool;
        return expect_word("false");
      case 'n':
        return expect_word("null");
      default:
        break;
    }
    if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return parse_number(value);
    if (at_end()) return error("unexpected end of the text, a value was expected");
    return error("unexpected character, a value was expected");
  }

  Status parse_object(JsonValue& value, std::size_t depth) {
    if (depth > limits_.max_depth)
      return error("nested deeper than " + std::to_string(limits_.max_depth));
    value.type = JsonValue::Type::kObject;
    advance();  // '{'
    skip_space();
    if (peek() == '}') {
      advance();
      return {};
    }
    std::set<std::string, std::less<>> keys;
    for (;;) {
      skip_space();
      if (peek() != '"') return error("an object key (a string) was expected");
      std::string key;
      TMKIT_RETURN_IF_ERROR(parse_string(key));
      if (!keys.insert(key).second) return error("duplicate key \"" + key + "\"");
      skip_space();
      if (peek() != ':') return error("':' was expected after an object key");
      advance();
      skip_space();
      JsonValue member;
      TMKIT_RETURN_IF_ERROR(parse_value(member, depth));
      value.members.emplace_back(std::move(key), std::move(member));
      skip_space();
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == '}') {
        advance();
        return {};
      }
      return error("',' or '}' was expected in an object");
    }
  }

  Status parse_array(JsonValue& value, std::size_t depth) {
    if (depth > limits_.max_depth)
      return error("nested deeper than " + std::to_string(limits_.max_depth));
    value.type = JsonValue::Type::kArray;
    advance();  // '['
    skip_space();
    if (peek() == ']') {
      advance();
      return {};
    }
    for (;;) {
      skip_space();
      JsonValue item;
      TMKIT_RETURN_IF_ERROR(parse_value(item, depth));
      value.items.push_back(std::move(item));
      skip_space();
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == ']') {
        advance();
        return {};
      }
      return error("',' or ']' was expected in an array");
    }
  }

  // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  Status parse_number(JsonValue& value) {
    const std::size_t start = pos_;
    if (peek() == '-') advance();
    if (peek() == '0') {
      advance();
      if (peek() >= '0' && peek() <= '9') return error("a number may not have a leading zero");
    } else if (peek() >= '1' && peek() <= '9') {
      skip_digits();
    } else {
      return error("a digit was expected in a number");
    }
    if (peek() == '.') {
      advance();
      if (!(peek() >= '0' && peek() <= '9')) return error("a digit was expected after '.'");
      skip_digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      advance();
      if (peek() == '+' || peek() == '-') advance();
      if (!(peek() >= '0' && peek() <= '9')) return error("a digit was expected in the exponent");
      skip_digits();
    }
    // strtod needs a terminated string; the literal is short and ASCII.
    const std::string literal(text_.substr(start, pos_ - start));
    errno = 0;
    value.number = std::strtod(literal.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(value.number)) return error("number out of range");
    value.type = JsonValue::Type::kNumber;
    return {};
  }

  void skip_digits() {
    while (peek() >= '0' && peek() <= '9') advance();
  }

  Status parse_hex4(std::uint32_t& unit) {
    unit = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      unit <<= 4;
      if (c >= '0' && c <= '9') {
        unit |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        unit |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        unit |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return error("four hex digits were expected after \\u");
      }
      advance();
    }
    return {};
  }

  Status parse_unicode_escape(std::string& out) {
    std::uint32_t code = 0;
    TMKIT_RETURN_IF_ERROR(parse_hex4(code));
    if (code >= 0xDC00 && code <= 0xDFFF) return error("a lone low surrogate in a \\u escape");
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (text_.substr(pos_, 2) != "\\u") return error("a high surrogate without its low half");
      advance(2);
      std::uint32_t low = 0;
      TMKIT_RETURN_IF_ERROR(parse_hex4(low));
      if (low < 0xDC00 || low > 0xDFFF) return error("a high surrogate without its low half");
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code);
    return {};
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  // The length of the valid UTF-8 sequence at pos_ (lead byte >= 0x80), or 0 if invalid:
  // no overlong forms, no surrogates, nothing above U+10FFFF.
  std::size_t utf8_sequence_length() const {
    const auto byte = [&](std::size_t i) {
      return pos_ + i < text_.size() ? static_cast<unsigned char>(text_[pos_ + i]) : 0u;
    };
    const unsigned lead = byte(0);
    const auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0u) == 0x80u; };
    if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
      const unsigned second = byte(1);
      if (lead == 0xE0 && second < 0xA0) return 0;
      if (lead == 0xED && second > 0x9F) return 0;
      return continuation(1) && continuation(2) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      const unsigned second = byte(1);
      if (lead == 0xF0 && second < 0x90) return 0;
      if (lead == 0xF4 && second > 0x8F) return 0;
      return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
    }
    return 0;
  }

  Status parse_escape(std::string& out) {
    advance();  // '\'
    const char c = peek();
    advance();
    switch (c) {
      case '"':
        out += '"';
        return {};
      case '\\':
        out += '\\';
        return {};
      case '/':
        out += '/';
        return {};
      case 'b':
        out += '\b';
        return {};
      case 'f':
        out += '\f';
        return {};
      case 'n':
        out += '\n';
        return {};
      case 'r':
        out += '\r';
        return {};
      case 't':
        out += '\t';
        return {};
      case 'u':
        return parse_unicode_escape(out);
      default:
        return error("unknown escape in a string");
    }
  }

  Status parse_string(std::string& out) {
    advance();  // '"'
    for (;;) {
      if (at_end()) return error("unterminated string");
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        advance();
        return {};
      }
      if (c == '\\') {
        TMKIT_RETURN_IF_ERROR(parse_escape(out));
      } else if (c < 0x20) {
        return error("a control character in a string (write it as an escape)");
      } else if (c < 0x80) {
        out += static_cast<char>(c);
        advance();
      } else {
        const std::size_t length = utf8_sequence_length();
        if (length == 0) return error("invalid UTF-8 in a string");
        out.append(text_.substr(pos_, length));
        advance(length);
      }
    }
  }

  std::string_view text_;
  JsonLimits limits_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const auto& [name, value] : members) {
    if (name == key) return &value;
  }
  return nullptr;
}

std::string JsonValue::where() const {
  return "line " + std::to_string(line) + ", byte " + std::to_string(offset);
}

const char* json_type_name(JsonValue::Type type) {
  switch (type) {
    case JsonValue::Type::kNull:
      return "null";
    case JsonValue::Type::kBool:
      return "boolean";
    case JsonValue::Type::kNumber:
      return "number";
    case JsonValue::Type::kString:
      return "string";
    case JsonValue::Type::kArray:
      return "array";
    case JsonValue::Type::kObject:
      return "object";
  }
  return "value";
}

Result<JsonValue> parse_json(std::string_view text, const JsonLimits& limits) {
  return Parser(text, limits).parse_document();
}

}  // namespace tmkit::review
