#include "xml_util.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <utility>

#include "decode.hpp"
#include "tmkit/text.hpp"

namespace tmkit::detail {
namespace {

// XML's end-of-line handling, done before parsing so that pugixml's offsets point into `text`.
std::string normalise_line_ends(std::string text) {
  // Most files have no CR at all: then the text is returned as it came.
  const std::size_t first = text.find('\r');
  if (first == std::string::npos) return text;
  std::size_t out = first;
  for (std::size_t i = first; i < text.size(); ++i) {
    if (text[i] != '\r') {
      text[out++] = text[i];
    } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
      text[out++] = '\n';
    }
  }
  text.resize(out);
  return text;
}

std::string line_column(std::string_view text, std::size_t offset, std::size_t first_line) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const std::size_t line =
      first_line + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start =
      before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  const std::size_t column = 1 + count_code_points(before.substr(line_start));
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Length of the UTF-8 sequence at text[i] (text is valid UTF-8) and its code point.
std::uint32_t decode_at(std::string_view text, std::size_t i, std::size_t& length) {
  const auto lead = static_cast<std::uint8_t>(text[i]);
  length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  std::uint32_t cp = length == 1 ? lead : lead & (0x7Fu >> length);
  for (std::size_t k = 1; k < length; ++k)
    cp = (cp << 6) | (static_cast<std::uint8_t>(text[i + k]) & 0x3Fu);
  return cp;
}

// Length of the valid UTF-8 sequence of two or more bytes at text[i] that XML 1.0 allows, or 0
// when it is not one: a stray continuation byte, an overlong form, a surrogate, beyond
// U+10FFFF or cut short (the rules of tmkit::validate_utf8, which check_xml_text reports with),
// or U+FFFE/U+FFFF.
std::size_t xml_sequence_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<std::uint8_t>(text[i]);
  const std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                             : lead >= 0xE0 && lead <= 0xEF ? 3
                             : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                            : 0;
  if (length == 0 || length > text.size() - i) return 0;
  std::uint32_t cp = lead & (0x7Fu >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<std::uint8_t>(text[i + k]);
    if ((next & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  const bool non_character = cp == 0xFFFE || cp == 0xFFFF;
  return overlong || surrogate || non_character || cp > 0x10FFFF ? 0 : length;
}

// True for a 3-byte sequence at text[i] led by E1-EC or EE: none of those can be overlong, a
// surrogate (ED) or U+FFFE/U+FFFF (EF), so two continuation bytes make it valid and allowed.
// Most CJK text is such sequences, and the general decoder cost a third of an export.
bool common_cjk_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[i + k]); };
  const std::uint8_t lead = byte(0);
  return lead >= 0xE1 && lead <= 0xEE && lead != 0xED && text.size() - i >= 3 &&
         (byte(1) & 0xC0u) == 0x80u && (byte(2) & 0xC0u) == 0x80u;
}

// True when the 8 bytes of `word` are all printable ASCII (0x20-0x7F): no high bit set, and no
// byte below 0x20 (the classic "has a byte less than n" test, exact once high bits are ruled
// out).
bool printable_ascii_word(std::uint64_t word) {
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  constexpr std::uint64_t kSpaces = 0x2020202020202020u;
  return (word & kHigh) == 0 && ((word - kSpaces) & ~word & kHigh) == 0;
}

bool allowed_in_xml(std::uint32_t cp) {
  if (cp < 0x20) return cp == 0x9 || cp == 0xA || cp == 0xD;
  return cp != 0xFFFE && cp != 0xFFFF;
}

std::string hex(std::uint32_t cp) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "U+%04X", static_cast<unsigned>(cp));
  return buffer.data();
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

std::string format_confidence(double value) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::fixed, 3);
  return std::string(buffer.data(), result.ptr);
}

std::optional<double> parse_double(std::string_view text) {
  double value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// How an inline element is read.
enum class Role { kText, kWrapper, kOpen, kClose, kPlaceholder };

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

// The content of a code element as escaped XML (its text and <sub>s).
std::string inner_xml(const pugi::xml_node& element) {
  StringWriter writer;
  for (const pugi::xml_node& child : element.children()) {
    child.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
  }
  return writer.out;
}

std::string_view attr(const pugi::xml_node& node, const char* name) {
  return node.attribute(name).value();
}

std::string_view first_of(std::string_view a, std::string_view b) { return a.empty() ? b : a; }

class InlineReader {
 public:
  InlineReader(CodeSyntax syntax, const OriginalData* data) : syntax_(syntax), data_(data) {}

  void visit(const pugi::xml_node& element) {
    for (const pugi::xml_node& child : element.children()) {
      if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
        out_.text += child.value();
      } else if (child.type() == pugi::node_element) {
        element_(child);
      }
    }
  }
  InlineText take() { return std::move(out_); }

 private:
  void add(InlineCode::Kind kind, std::string_view id, std::string native, std::string_view name) {
    if (out_.codes.size() > kLastCodePoint - kFirstCodePoint) return;
    append_utf8(out_.text, kFirstCodePoint + static_cast<std::uint32_t>(out_.codes.size()));
    out_.codes.push_back({kind, std::string(id), std::move(native), std::string(name)});
  }

  std::string data(std::string_view ref) const {
    if (data_ == nullptr || ref.empty()) return {};
    for (const auto& [id, content] : *data_) {
      if (id == ref) return content;
    }
    return {};
  }

  void element_(const pugi::xml_node& node) {
    const std::string_view name = node.name();
    using Kind = InlineCode::Kind;
    switch (syntax_) {
      case CodeSyntax::kTmx:
        if (name == "bpt") return add(Kind::kOpen, attr(node, "i"), inner_xml(node), name);
        if (name == "ept") return add(Kind::kClose, attr(node, "i"), inner_xml(node), name);
        if (name == "it") {
          const bool begin = attr(node, "pos") == std::string_view("begin");
          return add(begin ? Kind::kOpen : Kind::kClose, attr(node, "x"), inner_xml(node), name);
        }
        if (name == "ph" || name == "ut") {
          return add(Kind::kPlaceholder, attr(node, "x"), inner_xml(node), name);
        }
        if (name == "hi") return wrap(node, "", "", "");
        break;
      case CodeSyntax::kXliff12:
        if (name == "g") return wrap(node, attr(node, "id"), "", "");
        if (name == "mrk") return wrap(node, attr(node, "mid"), "", "");
        if (name == "x" || name == "ph") {
          return add(Kind::kPlaceholder, attr(node, "id"), inner_xml(node), name);
        }
        if (name == "bx" || name == "bpt") {
          return add(Kind::kOpen, first_of(attr(node, "rid"), attr(node, "id")), inner_xml(node),
                     name);
        }
        if (name == "ex" || name == "ept") {
          return add(Kind::kClose, first_of(attr(node, "rid"), attr(node, "id")), inner_xml(node),
                     name);
        }
        if (name == "it") {
          const bool open = attr(node, "pos") == std::string_view("open");
          return add(open ? Kind::kOpen : Kind::kClose,
                     first_of(attr(node, "rid"), attr(node, "id")), inner_xml(node), name);
        }
        break;
      case CodeSyntax::kXliff20:
        if (name == "pc") {
          return wrap(node, attr(node, "id"), data(attr(node, "dataRefStart")),
                      data(attr(node, "dataRefEnd")));
        }
        if (name == "mrk") return wrap(node, attr(node, "id"), "", "");
        if (name == "ph") {
          return add(Kind::kPlaceholder, attr(node, "id"), data(attr(node, "dataRef")), name);
        }
        // rid: locize pairs <sc>/<ec> the XLIFF 1.2 way.
        if (name == "sc" || name == "sm") {
          return add(Kind::kOpen, first_of(attr(node, "rid"), attr(node, "id")),
                     data(attr(node, "dataRef")), name);
        }
        if (name == "ec" || name == "em") {
          return add(
              Kind::kClose,
              first_of(attr(node, "startRef"), first_of(attr(node, "rid"), attr(node, "id"))),
              data(attr(node, "dataRef")), name);
        }
        if (name == "cp") return add(Kind::kPlaceholder, attr(node, "hex"), "", name);
        break;
    }
    visit(node);  // an unknown element (another namespace, or <sub> out of place): its text
  }

  // An element enclosing text: an opening code, the text, a closing code with the same id.
  void wrap(const pugi::xml_node& node, std::string_view id, std::string open_native,
            std::string close_native) {
    std::string made_up;
    if (id.empty()) {
      made_up = std::string(node.name()) + std::to_string(++made_up_ids_);
      id = made_up;
    }
    add(InlineCode::Kind::kOpen, id, std::move(open_native), node.name());
    visit(node);
    add(InlineCode::Kind::kClose, id, std::move(close_native), node.name());
  }

  CodeSyntax syntax_;
  const OriginalData* data_;
  InlineText out_;
  int made_up_ids_ = 0;
};

// The code index a placeholder at text[i] stands for, with its length; nullopt for any other
// character.
std::optional<std::size_t> code_at(std::string_view text, std::size_t i, std::size_t code_count,
                                   std::size_t& length) {
  const std::uint32_t cp = decode_at(text, i, length);
  if (cp < kFirstCodePoint || cp > kLastCodePoint) return std::nullopt;
  const std::size_t index = cp - kFirstCodePoint;
  if (index >= code_count) return std::nullopt;
  return index;
}

bool nmtoken_like(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

// One code as written: its element and attributes are decided from the whole text first.
struct CodeOut {
  std::size_t code = 0;
  std::optional<std::size_t> partner;  // the position (in text order) of the other half
  std::string id;                      // the id written (XLIFF), or the TMX pair number
};

// The codes of `text` in text order, each opening code with its closing partner.
std::vector<CodeOut> pair_codes(std::string_view text, const std::vector<InlineCode>& codes) {
  std::vector<CodeOut> plan;
  std::size_t length = 0;
  for (std::size_t i = 0; i < text.size(); i += length) {
    if (const auto index = code_at(text, i, codes.size(), length)) plan.push_back({*index, {}, {}});
  }
  // An opening code pairs with the first later closing code of the same id not yet paired. A
  // code read from an <it> (TMX, XLIFF 1.2) is isolated by definition: its id comes from
  // another attribute (TMX x, not i), so <it x="1"> and <bpt i="1"> are different codes.
  const auto pairable = [&](std::size_t p, InlineCode::Kind kind) {
    const InlineCode& c = codes[plan[p].code];
    return c.kind == kind && c.element != "it" && !plan[p].partner;
  };
  for (std::size_t p = 0; p < plan.size(); ++p) {
    if (!pairable(p, InlineCode::Kind::kOpen)) continue;
    for (std::size_t q = p + 1; q < plan.size(); ++q) {
      const InlineCode& close = codes[plan[q].code];
      if (pairable(q, InlineCode::Kind::kClose) && close.id == codes[plan[p].code].id) {
        plan[p].partner = q;
        plan[q].partner = p;
        break;
      }
    }
  }
  return plan;
}

// TMX numbers the pairs of a segment 1, 2...; its other codes carry no id.
void number_pairs(std::vector<CodeOut>& plan) {
  std::size_t pairs = 0;
  for (std::size_t p = 0; p < plan.size(); ++p) {
    CodeOut& out = plan[p];
    if (!out.partner) continue;
    out.id = *out.partner < p ? plan[*out.partner].id : std::to_string(++pairs);
  }
}

// XLIFF ids for the codes of one or two texts (a unit's source, then its target). A code is
// known by its role (a pair, a lone opening or closing code, a placeholder), its own id and
// how many codes of that role and id came before it in its text: the same code on both sides
// gets one id, kept from the code when it is a usable token that no other code has taken, made
// up ("cN", N from the code's position) otherwise.
class XliffIdNamer {
 public:
  void name(std::vector<CodeOut>& plan, const std::vector<InlineCode>& codes) {
    std::map<std::string, std::size_t> seen;  // role and id -> occurrences so far in this text
    for (std::size_t p = 0; p < plan.size(); ++p) {
      CodeOut& out = plan[p];
      if (out.partner && *out.partner < p) {
        out.id = plan[*out.partner].id;
        continue;
      }
      const InlineCode& code = codes[out.code];
      const char role = out.partner                             ? 'p'
                        : code.kind == InlineCode::Kind::kOpen  ? 'o'
                        : code.kind == InlineCode::Kind::kClose ? 'c'
                                                                : 'x';
      std::string key = std::string(1, role) + code.id + '\0';
      key += std::to_string(seen[key]++);
      const auto [named, fresh] = ids_.try_emplace(std::move(key));
      if (fresh) named->second = unused_id(code.id, p + 1);
      out.id = named->second;
    }
  }

 private:
  std::string unused_id(const std::string& own, std::size_t n) {
    std::string id = own;
    while (!nmtoken_like(id) || used_.count(id) != 0) id = "c" + std::to_string(n++);
    used_.insert(id);
    return id;
  }

  std::map<std::string, std::string> ids_;  // a code's key -> its id
  std::set<std::string> used_;
};

std::vector<CodeOut> plan_codes(std::string_view text, const std::vector<InlineCode>& codes,
                                CodeSyntax syntax) {
  std::vector<CodeOut> plan = pair_codes(text, codes);
  if (syntax == CodeSyntax::kTmx) {
    number_pairs(plan);
  } else {
    XliffIdNamer().name(plan, codes);
  }
  return plan;
}

void append_element_with_native(std::string& out, std::string_view name, std::string_view attrs,
                                std::string_view native) {
  out += '<';
  out += name;
  out += attrs;
  out += '>';
  out += native;
  out += "</";
  out += name;
  out += '>';
}

// The text and CDATA of a tree, in document order.
struct TextCollector : pugi::xml_tree_walker {
  std::string text;
  bool for_each(pugi::xml_node& node) override {
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) text += node.value();
    return true;
  }
};

// Native data as <originalData><data> content: the escaped XML it is kept as, or, when that holds
// markup <data> cannot (a TMX <sub>, a CDATA section), the text the markup stands for, escaped
// again. A <sub>'s boundaries are lost (XLIFF 2 data holds no translatable text); the
// characters are kept.
std::string data_content(const std::string& native) {
  if (native.find('<') == std::string::npos) return native;
  pugi::xml_document fragment;
  const std::string wrapped = "<n>" + native + "</n>";
  const unsigned flags = pugi::parse_default | pugi::parse_ws_pcdata;
  std::string text;
  if (!fragment.load_buffer(wrapped.data(), wrapped.size(), flags, pugi::encoding_utf8)) {
    text = native;  // not well-formed (never written by tmkit's readers): kept as it reads
  } else {
    TextCollector collector;
    fragment.document_element().traverse(collector);
    text = std::move(collector.text);
  }
  std::string escaped;
  append_escaped(escaped, text);
  return escaped;
}

// An XLIFF 2 dataRef attribute for `native`, whose content goes to `data`; "" when there is none.
std::string data_ref(std::string_view attribute, const std::string& native, OriginalData* data) {
  if (data == nullptr || native.empty()) return {};
  const std::string id = "d" + std::to_string(data->size() + 1);
  data->emplace_back(id, data_content(native));
  return " " + std::string(attribute) + "=\"" + id + "\"";
}

void append_code(std::string& out, const InlineCode& code, const CodeOut& plan, CodeSyntax syntax,
                 OriginalData* data) {
  using Kind = InlineCode::Kind;
  const bool paired = plan.partner.has_value();
  std::string attrs;
  switch (syntax) {
    case CodeSyntax::kTmx:
      if (code.kind == Kind::kPlaceholder) {
        append_element_with_native(out, "ph", "", code.native);
      } else if (paired) {
        attrs = " i=\"" + plan.id + "\"";
        append_element_with_native(out, code.kind == Kind::kOpen ? "bpt" : "ept", attrs,
                                   code.native);
      } else {
        append_element_with_native(
            out, "it", code.kind == Kind::kOpen ? " pos=\"begin\"" : " pos=\"end\"", code.native);
      }
      return;
    case CodeSyntax::kXliff12:
      append_attribute(attrs, "id", plan.id);
      if (code.kind == Kind::kPlaceholder) {
        append_element_with_native(out, "ph", attrs, code.native);
      } else if (paired) {
        append_element_with_native(out, code.kind == Kind::kOpen ? "bpt" : "ept", attrs,
                                   code.native);
      } else {
        attrs += code.kind == Kind::kOpen ? " pos=\"open\"" : " pos=\"close\"";
        append_element_with_native(out, "it", attrs, code.native);
      }
      return;
    case CodeSyntax::kXliff20:
      if (code.kind == Kind::kPlaceholder && code.element == "cp" && nmtoken_like(code.id)) {
        out += "<cp";
        append_attribute(out, "hex", code.id);
        out += "/>";
        return;
      }
      if (code.kind == Kind::kClose && paired) {
        append_attribute(attrs, "startRef", plan.id);
      } else {
        append_attribute(attrs, "id", plan.id);
        if (code.kind != Kind::kPlaceholder && !paired) attrs += " isolated=\"yes\"";
      }
      attrs += data_ref("dataRef", code.native, data);
      out += code.kind == Kind::kPlaceholder ? "<ph" : code.kind == Kind::kOpen ? "<sc" : "<ec";
      out += attrs;
      out += "/>";
      return;
  }
}

}  // namespace

InlineText read_inline(const pugi::xml_node& element, CodeSyntax syntax, const OriginalData* data) {
  InlineReader reader(syntax, data);
  reader.visit(element);
  return reader.take();
}

UnitCodeIds xliff_code_ids(const TranslationUnit& unit) {
  UnitCodeIds ids;
  if (unit.source_codes.empty() && unit.target_codes.empty()) return ids;
  std::vector<CodeOut> source = pair_codes(unit.source, unit.source_codes);
  std::vector<CodeOut> target = pair_codes(unit.target, unit.target_codes);
  XliffIdNamer namer;
  namer.name(source, unit.source_codes);
  namer.name(target, unit.target_codes);
  for (CodeOut& out : source) ids.source.push_back(std::move(out.id));
  for (CodeOut& out : target) ids.target.push_back(std::move(out.id));
  return ids;
}

void append_inline(std::string& out, std::string_view text, const std::vector<InlineCode>& codes,
                   CodeSyntax syntax, OriginalData* data, const std::vector<std::string>* ids) {
  if (codes.empty()) {
    append_escaped(out, text);
    return;
  }
  std::vector<CodeOut> plan = plan_codes(text, codes, syntax);
  if (ids != nullptr && ids->size() == plan.size()) {
    for (std::size_t k = 0; k < plan.size(); ++k) plan[k].id = (*ids)[k];
  }
  std::size_t next = 0;
  std::size_t start = 0;
  std::size_t length = 0;
  for (std::size_t i = 0; i < text.size(); i += length) {
    if (code_at(text, i, codes.size(), length)) {
      append_escaped(out, text.substr(start, i - start));
      append_code(out, codes[plan[next].code], plan[next], syntax, data);
      ++next;
      start = i + length;
    }
  }
  append_escaped(out, text.substr(start));
}

bool is_blank(std::string_view text, std::size_t code_count) {
  std::size_t length = 0;
  for (std::size_t i = 0; i < text.size(); i += length) {
    const char c = text[i];
    if (code_at(text, i, code_count, length)) continue;
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

std::string XmlDocument::line_of(const pugi::xml_node& node) const {
  const std::ptrdiff_t offset = node.offset_debug();
  if (offset < 0) return "line ?";
  if (!indexed_) {
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
      line_ends_.push_back(at);
    }
    indexed_ = true;
  }
  const auto before =
      std::lower_bound(line_ends_.begin(), line_ends_.end(), static_cast<std::size_t>(offset));
  return "line " +
         std::to_string(first_line + static_cast<std::size_t>(before - line_ends_.begin()));
}

// The inline readers recurse once per nested element, so a document nested deeper than any real
// TMX or XLIFF (100,000 <hi>s) would overflow the stack: it is refused here, walked without
// recursion.
Status too_deep(const XmlDocument& document, std::string_view name) {
  constexpr std::size_t kMaxDepth = 1000;
  std::size_t depth = 0;
  pugi::xml_node node = document.doc.first_child();
  while (node) {
    if (node.first_child()) {
      node = node.first_child();
      if (++depth > kMaxDepth) {
        return Status::invalid_input(std::string(name) + ": " + document.line_of(node) +
                                     ": elements nested more than " + std::to_string(kMaxDepth) +
                                     " levels deep");
      }
      continue;
    }
    while (!node.next_sibling()) {
      node = node.parent();
      if (node == document.doc) return {};
      --depth;
    }
    node = node.next_sibling();
  }
  return {};
}

// A DOCTYPE that declares entities is refused before parsing: internal ones can expand
// exponentially (billion laughs) and external ones would read files or URLs (XXE). pugixml
// skips the DOCTYPE and expands no entity of its own, but an entity the reader would leave
// unexpanded is as wrong as one it expanded. A DOCTYPE naming only a DTD ("SYSTEM tmx14.dtd")
// is kept: real files have it, and the DTD is never read.
Status no_entity_declarations(std::string_view text, std::string_view name,
                              std::size_t first_line) {
  const std::size_t doctype = text.find("<!DOCTYPE");
  if (doctype == std::string_view::npos) return {};
  // Only a DOCTYPE in the prolog counts, before the first element's start tag.
  for (std::size_t at = text.find('<'); at < doctype; at = text.find('<', at + 1)) {
    const char next = at + 1 < text.size() ? text[at + 1] : '\0';
    if (next != '?' && next != '!') return {};
  }
  const std::size_t subset = text.find('[', doctype);
  const std::size_t end = text.find('>', doctype);
  if (subset == std::string_view::npos || subset > end) return {};
  const std::size_t entity = text.find("<!ENTITY", subset);
  const std::size_t subset_end = text.find("]", subset);
  if (entity == std::string_view::npos || entity > subset_end) return {};
  const std::string_view before = text.substr(0, entity);
  const std::size_t line =
      first_line + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  return Status::invalid_input(std::string(name) + ": line " + std::to_string(line) +
                               ": entity declarations are not allowed (the DOCTYPE declares "
                               "<!ENTITY>; no entity is expanded or fetched)");
}

Status parse_xml(std::string_view bytes, std::string_view name, XmlDocument& out) {
  TMKIT_ASSIGN_OR_RETURN(std::string utf8, decode_xml(bytes, name));
  out.text = normalise_line_ends(std::move(utf8));
  TMKIT_RETURN_IF_ERROR(no_entity_declarations(out.text, name, out.first_line));
  // parse_eol is left out because the line ends are already normalised; parse_ws_pcdata keeps
  // white space between inline elements of a segment ("<hi>a</hi> <hi>b</hi>").
  const unsigned flags = (pugi::parse_default & ~pugi::parse_eol) | pugi::parse_ws_pcdata;
  const pugi::xml_parse_result result =
      out.doc.load_buffer(out.text.data(), out.text.size(), flags, pugi::encoding_utf8);
  if (result) return too_deep(out, name);
  return Status::invalid_input(
      std::string(name) + ": " +
      line_column(out.text, static_cast<std::size_t>(result.offset), out.first_line) + ": " +
      result.description());
}

bool xml_clean(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.size() - i >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (printable_ascii_word(word)) {
        i += 8;
        continue;
      }
    }
    const auto lead = static_cast<std::uint8_t>(text[i]);
    if (lead < 0x80) {
      if (!allowed_in_xml(lead)) return false;
      ++i;
      continue;
    }
    if (common_cjk_sequence(text, i)) {
      i += 3;
      continue;
    }
    const std::size_t length = xml_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

Status check_xml_text(std::string_view text, std::string_view what) {
  if (xml_clean(text)) return {};
  TMKIT_RETURN_IF_ERROR(validate_utf8(text).with_context(std::string(what)));
  std::size_t length = 0;
  for (std::size_t i = 0; i < text.size(); i += length) {
    const std::uint32_t cp = decode_at(text, i, length);
    if (!allowed_in_xml(cp)) {
      return Status::invalid_input(std::string(what) + ": character " + hex(cp) + " at byte " +
                                   std::to_string(i) + " is not allowed in XML 1.0");
    }
  }
  return {};
}

bool xml_clean(const TranslationUnit& unit) {
  const auto clean = [](const std::string& text) { return xml_clean(text); };
  const Provenance& p = unit.provenance;
  return xml_clean(unit.source) && xml_clean(unit.target) &&
         std::all_of(unit.notes.begin(), unit.notes.end(), clean) &&
         std::all_of(
             unit.props.begin(), unit.props.end(),
             [](const Property& prop) { return xml_clean(prop.type) && xml_clean(prop.value); }) &&
         xml_clean(p.document) && xml_clean(p.src_position) && xml_clean(p.tgt_position) &&
         xml_clean(p.bead) && xml_clean(p.speaker) && xml_clean(p.tool);
}

namespace {

// check_unit_for_xml's slow path, for a unit xml_clean refused: which field, which character.
Status explain_unit_for_xml(const TranslationUnit& unit, const std::string& where) {
  TMKIT_RETURN_IF_ERROR(check_xml_text(unit.source, where + " source"));
  TMKIT_RETURN_IF_ERROR(check_xml_text(unit.target, where + " target"));
  for (const std::string& note : unit.notes) {
    TMKIT_RETURN_IF_ERROR(check_xml_text(note, where + " note"));
  }
  for (const Property& prop : unit.props) {
    TMKIT_RETURN_IF_ERROR(check_xml_text(prop.type, where + " property type"));
    TMKIT_RETURN_IF_ERROR(check_xml_text(prop.value, where + " property " + prop.type));
  }
  for (const Property& prop : provenance_props(unit.provenance)) {
    TMKIT_RETURN_IF_ERROR(check_xml_text(prop.value, where + " " + prop.type));
  }
  return {};
}

}  // namespace

Status check_unit_for_xml(const TranslationUnit& unit, std::string_view where) {
  if (xml_clean(unit)) return {};
  return explain_unit_for_xml(unit, std::string(where));
}

Status check_units_for_xml(const std::vector<TranslationUnit>& units, std::string_view format) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (xml_clean(units[i])) continue;
    TMKIT_RETURN_IF_ERROR(
        check_unit_for_xml(units[i], std::string(format) + ": unit " + std::to_string(i + 1)));
  }
  return {};
}

namespace {

// The characters append_escaped replaces: the markup characters and CR everywhere, tab and LF
// only in attribute values (element content keeps them). A table, as the test runs once per
// byte written.
struct EscapeTable {
  std::array<bool, 256> content{};
  std::array<bool, 256> attribute{};
  constexpr EscapeTable() {
    for (const char c : {'&', '<', '>', '\r'}) {
      content[static_cast<std::uint8_t>(c)] = true;
      attribute[static_cast<std::uint8_t>(c)] = true;
    }
    for (const char c : {'"', '\t', '\n'}) attribute[static_cast<std::uint8_t>(c)] = true;
  }
};
constexpr EscapeTable kEscape;

// True when a byte of `word` is zero (exact as a yes/no answer).
constexpr bool has_zero_byte(std::uint64_t word) {
  return ((word - 0x0101010101010101u) & ~word & 0x8080808080808080u) != 0;
}

// True when a byte of `word` is one of the four characters element content escapes.
constexpr bool has_content_escape(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  return has_zero_byte(word ^ (kOnes * '&')) || has_zero_byte(word ^ (kOnes * '<')) ||
         has_zero_byte(word ^ (kOnes * '>')) || has_zero_byte(word ^ (kOnes * '\r'));
}

// The first position from `i` on of an 8-byte block that may hold a character to escape in
// element content (or the first position of the tail shorter than a block): texts are mostly
// plain, and testing them 8 bytes at a time made escaping several times faster.
std::size_t skip_plain_words(std::string_view text, std::size_t i) {
  while (text.size() - i >= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, sizeof word);
    if (has_content_escape(word)) break;
    i += 8;
  }
  return i;
}

}  // namespace

// Runs of characters that need no escape are copied whole: the bulk of every text, and the
// per-character appends were a tenth of an export's time.
void append_escaped(std::string& out, std::string_view text, bool attribute) {
  const std::array<bool, 256>& escaped = attribute ? kEscape.attribute : kEscape.content;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!attribute) i = skip_plain_words(text, i);
    if (i == text.size()) break;
    const char c = text[i];
    if (!escaped[static_cast<std::uint8_t>(c)]) continue;
    out.append(text.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";  // so that "]]>" never appears in content
        break;
      case '\r':
        out += "&#13;";
        break;
      case '"':  // these three only in attribute values (kEscape)
        out += "&quot;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
    }
  }
  out.append(text.data() + start, text.size() - start);
}

std::string format_tmx_date(std::int64_t seconds) {
  using namespace std::chrono;
  const sys_seconds time{std::chrono::seconds{seconds}};
  const sys_days day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  std::array<char, 40> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04d%02u%02uT%02d%02d%02dZ", int{date.year()},
                unsigned{date.month()}, unsigned{date.day()},
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer.data();
}

std::optional<std::int64_t> parse_tmx_date(std::string_view text) {
  using namespace std::chrono;
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  if (!all_digits(text.substr(0, 8)) || !all_digits(text.substr(9, 6))) return std::nullopt;
  const year_month_day date{year{to_int(text.substr(0, 4))},
                            month{static_cast<unsigned>(to_int(text.substr(4, 2)))},
                            day{static_cast<unsigned>(to_int(text.substr(6, 2)))}};
  const int h = to_int(text.substr(9, 2));
  const int m = to_int(text.substr(11, 2));
  const int s = to_int(text.substr(13, 2));
  if (!date.ok() || h > 23 || m > 59 || s > 60) return std::nullopt;
  const sys_seconds time = sys_days{date} + hours{h} + minutes{m} + std::chrono::seconds{s};
  return time.time_since_epoch().count();
}

std::vector<Property> provenance_props(const Provenance& p) {
  std::vector<Property> props;
  const auto add = [&](const char* type, const std::string& value) {
    if (!value.empty()) props.push_back({type, value});
  };
  add("x-tmkit-document", p.document);
  add("x-tmkit-src-position", p.src_position);
  add("x-tmkit-tgt-position", p.tgt_position);
  if (p.confidence) add("x-tmkit-confidence", format_confidence(*p.confidence));
  add("x-tmkit-bead", p.bead);
  add("x-tmkit-speaker", p.speaker);
  add("x-tmkit-tool", p.tool);
  return props;
}

bool read_provenance_prop(Provenance& p, std::string_view type, std::string_view value) {
  std::string* field = type == "x-tmkit-document"       ? &p.document
                       : type == "x-tmkit-src-position" ? &p.src_position
                       : type == "x-tmkit-tgt-position" ? &p.tgt_position
                       : type == "x-tmkit-bead"         ? &p.bead
                       : type == "x-tmkit-speaker"      ? &p.speaker
                       : type == "x-tmkit-tool"         ? &p.tool
                                                        : nullptr;
  if (field != nullptr) {
    *field = value;
    return true;
  }
  if (type != "x-tmkit-confidence") return false;
  p.confidence = parse_double(value);
  return p.confidence.has_value();
}

std::optional<std::size_t> find_lang(const std::vector<LangTag>& tags, const LangTag& wanted) {
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (tags[i] == wanted) return i;
  }
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (tags[i].same_language(wanted)) return i;
  }
  return std::nullopt;
}

Status normalize_unit(TranslationUnit& unit) {
  // pugixml turns a character reference beyond U+10FFFF (&#x110000;) into bytes that are not
  // UTF-8; the readers promise valid UTF-8, so such a unit is an error naming the field.
  const auto nfc = [](std::string& text) -> Status {
    if (surely_nfc(text)) return {};  // valid UTF-8 too: most texts are read once
    TMKIT_RETURN_IF_ERROR(validate_utf8(text).with_context("a character reference or text"));
    return normalize_nfc_in_place(text);
  };
  TMKIT_RETURN_IF_ERROR(nfc(unit.source));
  TMKIT_RETURN_IF_ERROR(nfc(unit.target));
  for (std::string& note : unit.notes) TMKIT_RETURN_IF_ERROR(nfc(note));
  for (Property& prop : unit.props) TMKIT_RETURN_IF_ERROR(nfc(prop.value));
  for (const std::vector<InlineCode>* codes : {&unit.source_codes, &unit.target_codes}) {
    for (const InlineCode& code : *codes) {
      TMKIT_RETURN_IF_ERROR(validate_utf8(code.native).with_context("an inline code"));
      TMKIT_RETURN_IF_ERROR(validate_utf8(code.id).with_context("an inline code id"));
    }
  }
  return {};
}

Status finish_document(std::ostream& out, std::string_view closing, std::string_view format) {
  out << closing;
  out.flush();
  if (!out) return Status::io(std::string(format) + ": writing failed");
  return {};
}

Status wrong_root(std::string_view name, std::string_view expected, const pugi::xml_node& root) {
  return Status::invalid_input(std::string(name) + ": not " + std::string(expected) +
                               " document (root element <" + root.name() + ">)");
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  append_escaped(out, value, /*attribute=*/true);
  out += '"';
}

std::optional<std::size_t> code_index_at(std::string_view text, std::size_t i,
                                         std::size_t code_count, std::size_t& length) {
  return code_at(text, i, code_count, length);
}

}  // namespace tmkit::detail
