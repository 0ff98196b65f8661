#include "decode.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <iterator>
#include <system_error>

#include "tmkit/text.hpp"

namespace tmkit::detail {
namespace {

enum class Utf16Order { kLittle, kBig };

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

std::uint32_t code_unit(std::string_view bytes, std::size_t i, Utf16Order order) {
  const auto b0 = static_cast<std::uint8_t>(bytes[i]);
  const auto b1 = static_cast<std::uint8_t>(bytes[i + 1]);
  return order == Utf16Order::kLittle ? (b1 << 8u) | b0 : (b0 << 8u) | b1;
}

// Converts UTF-16 (without BOM) to UTF-8. Offsets in errors are relative to the file start,
// hence `base` (the BOM length).
Result<std::string> utf16_to_utf8(std::string_view bytes, Utf16Order order, std::size_t base,
                                  std::string_view name) {
  const auto error = [&](std::size_t i, const char* what) {
    return Status::invalid_input(std::string(name) + ": " + what + " at byte " +
                                 std::to_string(base + i));
  };
  if (bytes.size() % 2 != 0) return error(bytes.size() - 1, "odd number of bytes in UTF-16");
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    std::uint32_t cp = code_unit(bytes, i, order);
    if (cp >= 0xDC00 && cp <= 0xDFFF) return error(i, "unpaired UTF-16 surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 4 > bytes.size()) return error(i, "unpaired UTF-16 surrogate");
      const std::uint32_t low = code_unit(bytes, i + 2, order);
      if (low < 0xDC00 || low > 0xDFFF) return error(i, "unpaired UTF-16 surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    }
    append_utf8(out, cp);
  }
  return out;
}

Result<std::string> validated(std::string_view utf8, std::size_t base, std::string_view name) {
  const Status status = validate_utf8(utf8);
  if (status.ok()) return std::string(utf8);
  // validate_utf8 counts from the start of `utf8`; report the file offset instead.
  const std::string message = status.message();
  const std::size_t at = std::stoul(message.substr(message.rfind(' ') + 1));
  return Status::invalid_input(std::string(name) + ": invalid UTF-8 at byte " +
                               std::to_string(base + at));
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return out;
}

// The encoding named in an XML declaration at the start of `bytes`, as written; "" if none.
std::string declared_encoding(std::string_view bytes) {
  if (bytes.substr(0, 5) != "<?xml") return {};
  const std::string_view decl = bytes.substr(0, bytes.find("?>"));
  const std::size_t key = decl.find("encoding");
  if (key == std::string::npos) return {};
  const std::size_t open = decl.find_first_of("\"'", key);
  if (open == std::string::npos) return {};
  const std::size_t close = decl.find(decl[open], open + 1);
  if (close == std::string::npos) return {};
  return std::string(decl.substr(open + 1, close - open - 1));
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) append_utf8(out, static_cast<std::uint8_t>(c));
  return out;
}

enum class EncodingRule { kUtf8, kLatin1 };

bool is_ascii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_one_of(const std::string& encoding, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), encoding) != names.end();
}

// How bytes with no UTF-16 BOM and the declared `encoding` (lower case) are read. UTF-8 (or no
// declaration) is read as UTF-8. ISO-8859-1 is converted, unless the bytes are valid UTF-8
// with non-ASCII characters: then the declaration is wrong, and guessing either way could
// store mojibake. Other single-byte encodings tmkit cannot convert are accepted only when the
// bytes are ASCII, where they agree with UTF-8. UTF-16 declared on bytes that are not UTF-16,
// and names tmkit does not know, are refused.
Result<EncodingRule> rule_for(const std::string& written, std::string_view bytes,
                              std::string_view name) {
  const std::string encoding = lower_ascii(written);
  if (encoding.empty() || encoding == "utf-8" || encoding == "utf8") return EncodingRule::kUtf8;
  const auto refuse = [&](const std::string& why) {
    return Status::invalid_input(std::string(name) + ": line 1: the declaration encoding=\"" +
                                 written + "\" " + why);
  };
  if (is_one_of(encoding, {"iso-8859-1", "latin1", "latin-1", "iso_8859-1", "l1"})) {
    if (is_ascii(bytes) || !validate_utf8(bytes).ok()) return EncodingRule::kLatin1;
    return refuse("does not match the bytes, which are UTF-8 with non-ASCII characters");
  }
  if (is_one_of(encoding, {"utf-16", "utf16", "utf-16le", "utf-16be", "unicode"})) {
    return refuse("does not match the bytes, which are not UTF-16 (no BOM, no \"<?\" in UTF-16)");
  }
  const bool single_byte = is_one_of(encoding, {"us-ascii", "ascii", "windows-1252", "cp1252"}) ||
                           encoding.starts_with("iso-8859-") || encoding.starts_with("windows-125");
  if (single_byte) {
    if (is_ascii(bytes)) return EncodingRule::kUtf8;
    return refuse("names an encoding tmkit cannot decode (it reads UTF-8, UTF-16 and ISO-8859-1)");
  }
  return refuse("names an unknown encoding (tmkit reads UTF-8, UTF-16 and ISO-8859-1)");
}

}  // namespace

Result<std::string> decode_text(std::string_view bytes, std::string_view name) {
  if (bytes.starts_with(kUtf8Bom)) {
    // A second BOM would decode as U+FEFF before the content: a file concatenated or converted
    // twice, which XML does not allow before "<?xml".
    if (bytes.substr(3).starts_with(kUtf8Bom)) {
      return Status::invalid_input(std::string(name) + ": a second byte order mark at byte 3");
    }
    return validated(bytes.substr(3), 3, name);
  }
  if (bytes.starts_with(kUtf16LeBom)) {
    return utf16_to_utf8(bytes.substr(2), Utf16Order::kLittle, 2, name);
  }
  if (bytes.starts_with(kUtf16BeBom)) {
    return utf16_to_utf8(bytes.substr(2), Utf16Order::kBig, 2, name);
  }
  return validated(bytes, 0, name);
}

void declare_utf8(std::string& text) {
  const std::size_t end = text.find("?>");
  if (!text.starts_with("<?xml") || end == std::string::npos) return;
  const std::size_t at = text.find("encoding", 0);
  if (at == std::string::npos || at > end) return;
  const std::size_t quote = text.find_first_of("\"'", at);
  if (quote == std::string::npos || quote > end) return;
  const std::size_t close = text.find(text[quote], quote + 1);
  if (close == std::string::npos || close > end) return;
  text.replace(quote + 1, close - quote - 1, "UTF-8");
}

Result<std::string> decode_xml(std::string_view bytes, std::string_view name) {
  using namespace std::string_view_literals;
  if (bytes.starts_with("<\0?\0"sv)) return utf16_to_utf8(bytes, Utf16Order::kLittle, 0, name);
  if (bytes.starts_with("\0<\0?"sv)) return utf16_to_utf8(bytes, Utf16Order::kBig, 0, name);
  if (bytes.starts_with(kUtf16LeBom) || bytes.starts_with(kUtf16BeBom)) {
    return decode_text(bytes, name);  // the declaration, if any, is in UTF-16 too
  }
  const std::size_t bom = bytes.starts_with(kUtf8Bom) ? 3 : 0;
  const std::string encoding = declared_encoding(bytes.substr(bom));
  TMKIT_ASSIGN_OR_RETURN(const EncodingRule rule, rule_for(encoding, bytes, name));
  if (rule == EncodingRule::kLatin1) return latin1_to_utf8(bytes);
  return decode_text(bytes, name);
}

Result<std::string> read_bytes(const std::filesystem::path& path) {
  if (path == "-") {
    std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return Status::io("-: cannot read standard input");
    return bytes;
  }
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Status::io(path.string() + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  // errno is the only place the reason survives std::ifstream; read it before anything else.
  if (!in)
    return Status::io(path.string() + ": cannot open: " + std::generic_category().message(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::io(path.string() + ": read error");
  return bytes;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace tmkit::detail
