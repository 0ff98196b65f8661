#include "tmkit/formats/text_file.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <optional>

#include "decode.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/formats/xliff.hpp"
#include "tmkit/text.hpp"

namespace tmkit {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view skip_blanks(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_blank(text[i])) ++i;
  return text.substr(i);
}

// Skips a DOCTYPE, whose internal subset in [...] may itself contain '>'.
std::string_view skip_doctype(std::string_view text) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[') ++depth;
    if (text[i] == ']') --depth;
    if (text[i] == '>' && depth <= 0) return text.substr(i + 1);
  }
  return {};
}

// Skips what may precede the root element: the XML declaration, processing instructions,
// comments and a DOCTYPE. Returns the text from the root's '<' on.
std::string_view skip_prolog(std::string_view text) {
  text = skip_blanks(text);
  while (text.starts_with("<?") || text.starts_with("<!")) {
    if (text.starts_with("<!--")) {
      const std::size_t end = text.find("-->");
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 3);
    } else if (text.starts_with("<?")) {
      const std::size_t end = text.find("?>");
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 2);
    } else {
      text = skip_doctype(text);
    }
    text = skip_blanks(text);
  }
  return text;
}

// The root element's local name when `text` looks like XML, nullopt when it does not start
// with '<'.
std::optional<std::string> root_element_name(std::string_view text) {
  text = skip_blanks(text);
  if (!text.starts_with('<')) return std::nullopt;
  text = skip_prolog(text);
  if (!text.starts_with('<')) return std::string();
  const std::size_t end = text.find_first_of(" \t\r\n/>", 1);
  std::string name(text.substr(1, end == std::string_view::npos ? text.size() - 1 : end - 1));
  const std::size_t colon = name.find(':');
  return colon == std::string::npos ? name : name.substr(colon + 1);
}

// The start of the file as UTF-8, enough to find the root element. UTF-16 must be decoded
// first; every other encoding tmkit reads is ASCII-compatible up to the root's name.
Result<std::string> sniffable_text(std::string_view bytes, std::string_view name) {
  using namespace std::string_view_literals;
  const bool utf16 = bytes.starts_with("\xFF\xFE"sv) || bytes.starts_with("\xFE\xFF"sv) ||
                     bytes.starts_with("<\0"sv) || bytes.starts_with("\0<"sv);
  if (utf16) return detail::decode_xml(bytes, name);
  if (bytes.starts_with("\xEF\xBB\xBF"sv)) bytes.remove_prefix(3);
  return std::string(bytes.substr(0, std::min<std::size_t>(bytes.size(), 4096)));
}

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return ext;
}

// C0 controls other than tab, LF and CR: not characters XML 1.0 can hold, so a unit with one
// could be stored but never exported; in a text file they mean binary data or an undeclared
// UTF-16/32 encoding.
std::size_t find_control(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
  }
  return std::string_view::npos;
}

Result<TranslationUnit> tsv_unit(std::string_view line, std::size_t index, std::string_view name,
                                 const ReadOptions& options) {
  const std::string where = std::string(name) + ": line " + std::to_string(index + 1) + ": ";
  if (const std::size_t at = find_control(line); at != std::string_view::npos) {
    char code[8];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned char>(line[at]));
    return Status::invalid_input(where + "control character " + code + " at column " +
                                 std::to_string(at + 1) +
                                 " (binary data, or UTF-16 without a BOM?)");
  }
  const std::size_t tab = line.find('\t');
  if (tab == std::string_view::npos || line.find('\t', tab + 1) != std::string_view::npos) {
    return Status::invalid_input(where + "expected exactly one tab between source and target");
  }
  if (tab == 0 || tab + 1 == line.size())
    return Status::invalid_input(where + "empty source or target");
  TranslationUnit unit;
  unit.src_lang = options.src_lang;
  unit.tgt_lang = options.tgt_lang;
  TMKIT_ASSIGN_OR_RETURN(unit.source, normalize_nfc(line.substr(0, tab)));
  TMKIT_ASSIGN_OR_RETURN(unit.target, normalize_nfc(line.substr(tab + 1)));
  unit.provenance.document = std::filesystem::path(name).filename().string();
  unit.provenance.src_position = std::to_string(index);
  unit.provenance.tgt_position = std::to_string(index);
  return unit;
}

// Refuses a regular file too large to be parsed whole. Pipes and "-" have no size to ask.
Status check_dom_size(const std::filesystem::path& path, const ReadOptions& options) {
  std::error_code error;
  if (options.max_dom_bytes == 0 || !std::filesystem::is_regular_file(path, error)) return {};
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error || size <= options.max_dom_bytes) return {};
  return Status::invalid_input(path.string() + ": " + std::to_string(size) +
                               " bytes, more than the " + std::to_string(options.max_dom_bytes) +
                               " a file read whole may have (raise it with --max-dom-bytes; a "
                               "TMX is streamed instead)");
}

// Why `unit` breaks a limit of `options`, or "" when it does not.
std::string limit_broken(const TranslationUnit& unit, const ReadOptions& options) {
  if (options.max_segment_bytes == 0) return {};
  for (const auto& [side, text] :
       {std::pair<const char*, const std::string*>{"source", &unit.source},
        {"target", &unit.target}}) {
    if (text->size() > options.max_segment_bytes) {
      return std::string(side) + " of " + std::to_string(text->size()) +
             " bytes is longer than --max-segment-bytes (" +
             std::to_string(options.max_segment_bytes) + ")";
    }
  }
  return {};
}

}  // namespace

std::string xml_root_name(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  // A UTF-16 head cut in the middle of a character may not decode: look at whole characters.
  if (head.size() % 2 == 1 && !head.starts_with("\xEF\xBB\xBF")) head.pop_back();
  const Result<std::string> text = sniffable_text(head, path.string());
  if (!text.ok()) return {};
  return root_element_name(*text).value_or(std::string());
}

Status enforce_unit_limits(std::vector<TranslationUnit>& units, std::size_t first,
                           std::string_view name, const ReadOptions& options, ReadReport* report) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const std::string why = limit_broken(units[i], options);
    if (why.empty()) {
      if (kept != i) units[kept] = std::move(units[i]);
      ++kept;
      continue;
    }
    std::string message = std::string(name) + ": unit " + std::to_string(first + i) + ": " + why;
    if (!options.skip_bad_units) return Status::invalid_input(std::move(message));
    if (report != nullptr) {
      report->skip(std::move(message));
      if (report->units > 0) --report->units;
    }
  }
  units.resize(kept);
  return {};
}

Result<std::string> read_text_file(const std::filesystem::path& path) {
  TMKIT_ASSIGN_OR_RETURN(const std::string bytes, detail::read_bytes(path));
  return detail::decode_text(bytes, path.string());
}

Result<std::vector<TranslationUnit>> parse_tsv(std::string_view text, std::string_view name,
                                               const ReadOptions& options) {
  if (options.src_lang.empty() || options.tgt_lang.empty()) {
    return Status::invalid_input(std::string(name) + ": TSV needs a source and a target language");
  }
  std::vector<TranslationUnit> units;
  std::size_t index = 0;
  for (std::size_t start = 0; start < text.size(); ++index) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    TMKIT_ASSIGN_OR_RETURN(TranslationUnit unit, tsv_unit(line, index, name, options));
    units.push_back(std::move(unit));
  }
  return units;
}

Result<std::vector<TranslationUnit>> read_tsv(const std::filesystem::path& path,
                                              const ReadOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(const std::string text, read_text_file(path));
  return parse_tsv(text, path.string(), options);
}

Result<std::vector<TranslationUnit>> read_units(const std::filesystem::path& path,
                                                const ReadOptions& options, ReadReport* report) {
  const std::string name = path.string();
  TMKIT_RETURN_IF_ERROR(check_dom_size(path, options));
  TMKIT_ASSIGN_OR_RETURN(const std::string bytes, detail::read_bytes(path));
  // An empty file is a mistake (a failed download, the wrong name), never an empty TM.
  if (skip_blanks(bytes).empty()) {
    return Status::invalid_input(name + ": empty file (" + std::to_string(bytes.size()) +
                                 " bytes, no content)");
  }
  TMKIT_ASSIGN_OR_RETURN(const std::string head, sniffable_text(bytes, name));
  if (const std::optional<std::string> root = root_element_name(head)) {
    Result<std::vector<TranslationUnit>> units =
        Status::unsupported(name + ": unknown XML document (root element <" + *root + ">)");
    if (*root == "tmx") units = parse_tmx(bytes, name, options, report);
    if (*root == "xliff") units = parse_xliff(bytes, name, options, report);
    if (units.ok()) TMKIT_RETURN_IF_ERROR(enforce_unit_limits(*units, 1, name, options, report));
    return units;
  }
  const std::string ext = lower_extension(path);
  if (ext != ".tsv" && ext != ".txt") {
    return Status::unsupported(name + ": not TMX or XLIFF, and not a .tsv/.txt file");
  }
  TMKIT_ASSIGN_OR_RETURN(const std::string text, detail::decode_text(bytes, name));
  TMKIT_ASSIGN_OR_RETURN(std::vector<TranslationUnit> units, parse_tsv(text, name, options));
  if (report != nullptr) report->units += units.size();
  TMKIT_RETURN_IF_ERROR(enforce_unit_limits(units, 1, name, options, report));
  return units;
}

}  // namespace tmkit
