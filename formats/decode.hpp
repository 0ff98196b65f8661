// Private: turning file bytes into validated UTF-8.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "tmkit/status.hpp"

namespace tmkit::detail {

// Returns `bytes` as UTF-8: a UTF-8 BOM is dropped, UTF-16 LE/BE with a BOM is converted, and
// the result must be valid UTF-8. `name` (a file name) prefixes error messages, which give the
// byte offset in `bytes` of the first bad sequence.
Result<std::string> decode_text(std::string_view bytes, std::string_view name);

// As decode_text, plus what only an XML document can tell: UTF-16 without a BOM (recognised by
// "<?" in either byte order) and ISO-8859-1 declared in the XML declaration. The declaration is
// left as it is; callers parse the result as UTF-8 whatever it says.
Result<std::string> decode_xml(std::string_view bytes, std::string_view name);

// Rewrites the encoding named in `text`'s XML declaration, if any, to UTF-8: text decoded by
// decode_xml is UTF-8, and a declaration still saying UTF-16 would mislead the XML parser or
// whoever reads the text next.
void declare_utf8(std::string& text);

// Appends code point `cp` (at most U+10FFFF, no surrogate) to `out` as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

// Reads the whole file at `path` as bytes; "-" reads standard input. A directory or a file that
// cannot be opened or read is kIo naming the file.
Result<std::string> read_bytes(const std::filesystem::path& path);

}  // namespace tmkit::detail
