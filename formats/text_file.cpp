#include "tmkit/formats/text_file.hpp"

#include <algorithm>
#include <cctype>
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

Result<TranslationUnit> tsv_unit(std::string_view line, std::size_t index, std::string_view name,
                                 const ReadOptions& options) {
  const std::string where = std::string(name) + ": line " + std::to_string(index + 1) + ": ";
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

}  // namespace

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
  TMKIT_ASSIGN_OR_RETURN(const std::string bytes, detail::read_bytes(path));
  TMKIT_ASSIGN_OR_RETURN(const std::string head, sniffable_text(bytes, name));
  if (const std::optional<std::string> root = root_element_name(head)) {
    if (*root == "tmx") return parse_tmx(bytes, name, options, report);
    if (*root == "xliff") return parse_xliff(bytes, name, options, report);
    return Status::unsupported(name + ": unknown XML document (root element <" + *root + ">)");
  }
  const std::string ext = lower_extension(path);
  if (ext != ".tsv" && ext != ".txt") {
    return Status::unsupported(name + ": not TMX or XLIFF, and not a .tsv/.txt file");
  }
  TMKIT_ASSIGN_OR_RETURN(const std::string text, detail::decode_text(bytes, name));
  TMKIT_ASSIGN_OR_RETURN(std::vector<TranslationUnit> units, parse_tsv(text, name, options));
  if (report != nullptr) report->units += units.size();
  return units;
}

}  // namespace tmkit
