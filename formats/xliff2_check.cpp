#include "xliff2_check.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tmkit/lang.hpp"

namespace tmkit::detail {
namespace {

using std::string_view;

bool named(const pugi::xml_node& node, string_view name) {
  return string_view(node.name()) == name;
}

bool nmtoken(string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

bool has_fragment_syntax(string_view id) { return id.find_first_of("/\\#") != string_view::npos; }

bool one_of(string_view value, std::initializer_list<string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// Element names of the core namespace that may hold inline content.
bool is_inline(string_view name) {
  return one_of(name, {"pc", "ph", "sc", "ec", "mrk", "sm", "em", "cp"});
}

class Checker {
 public:
  Checker(const XmlDocument& xml, string_view name) : xml_(xml), name_(name) {}

  Status run() {
    const pugi::xml_node root = xml_.doc.document_element();
    const string_view src = root.attribute("srcLang").value();
    if (src.empty()) return fail(root, "<xliff> has no srcLang");
    if (!LangTag::parse(src).ok())
      return fail(root, "srcLang '" + std::string(src) + "' is not a language tag");
    src_ = LangTag::parse(src).value();
    const pugi::xml_attribute trg = root.attribute("trgLang");
    if (trg) {
      if (!LangTag::parse(trg.value()).ok()) {
        return fail(root, "trgLang '" + std::string(trg.value()) + "' is not a language tag");
      }
      trg_ = LangTag::parse(trg.value()).value();
    }
    has_trg_ = trg;
    TMKIT_RETURN_IF_ERROR(check_langs(root, inherited_lang(root)));
    std::set<std::string> file_ids;
    std::size_t files = 0;
    for (const pugi::xml_node& file : root.children("file")) {
      ++files;
      TMKIT_RETURN_IF_ERROR(check_id(file, file_ids, "<file>"));
      TMKIT_RETURN_IF_ERROR(check_file(file));
    }
    if (files == 0) return fail(root, "<xliff> has no <file>");
    return {};
  }

 private:
  Status fail(const pugi::xml_node& node, const std::string& why) const {
    return Status::invalid_input(std::string(name_) + ": " + xml_.line_of(node) + ": " + why);
  }

  // xml:lang on any element must be a language tag, and the language a <source> or <target>
  // of a segment or ignorable has (its own xml:lang or the nearest inherited one) must be the
  // document's srcLang or trgLang. (A module's, such as <mtc:match>'s, may differ.)
  Status check_langs(const pugi::xml_node& node, const std::string& inherited = {}) const {
    const bool part = named(node, "segment") || named(node, "ignorable");
    for (const pugi::xml_node& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const string_view child_name = child.name();
      const pugi::xml_attribute lang = child.attribute("xml:lang");
      std::string here = inherited;
      if (lang) {
        const Result<LangTag> tag = LangTag::parse(lang.value());
        if (!tag.ok()) {
          return fail(child, "xml:lang '" + std::string(lang.value()) + "' is not a language tag");
        }
        here = tag->str();
      }
      if (part && (child_name == "source" || child_name == "target")) {
        for (const pugi::xml_attribute& a : child.attributes()) {
          const string_view an = a.name();
          if (an.find(':') != string_view::npos && !an.starts_with("xml:")) {
            return fail(child, "attribute " + std::string(an) + " is not allowed on <" +
                                   std::string(child_name) + ">");
          }
        }
        const bool source = child_name == "source";
        if (!here.empty() && source && here != src_.str()) {
          return fail(child, "<source> is in '" + here + "', not srcLang '" + src_.str() + "'");
        }
        if (!here.empty() && !source && (!has_trg_ || here != trg_.str())) {
          return fail(child, "<target> is in '" + here + "', not trgLang");
        }
      }
      TMKIT_RETURN_IF_ERROR(check_langs(child, here));
    }
    return {};
  }

  // The root's own xml:lang, which every <source> and <target> inherits.
  static std::string inherited_lang(const pugi::xml_node& root) {
    const Result<LangTag> tag = LangTag::parse(root.attribute("xml:lang").value());
    return tag.ok() ? tag->str() : std::string();
  }

  // Unit ids are held to NMTOKEN only where it matters to XLIFF itself: locize writes its keys
  // there ("to ' \"esc<ap> & e"), and such a file is accepted; but '/', '\' and '#' are syntax
  // in XLIFF 2's fragment identifiers ("#/f=f1/u=u1/s1", escapes with '\'), so a unit id that
  // holds one is refused, as the OASIS suite expects (core-invalid-bad_InvalidId1.xlf: "/1").
  Status check_id(const pugi::xml_node& node, std::set<std::string>& seen, string_view what) const {
    const pugi::xml_attribute id = node.attribute("id");
    if (!id) return fail(node, std::string(what) + " has no id");
    const bool unit = what == "<unit>";
    if (!nmtoken(id.value()) && (!unit || has_fragment_syntax(id.value()))) {
      return fail(
          node, std::string(what) + " id '" + id.value() + "' is not an NMTOKEN" +
                    (unit ? " ('/', '\\' and '#' are syntax in XLIFF fragment identifiers)" : ""));
    }
    if (!seen.insert(id.value()).second) {
      return fail(node, std::string(what) + " id '" + id.value() + "' is not unique");
    }
    return {};
  }

  // <notes> comes before the content of its <file>, <group> or <unit>.
  Status check_notes(const pugi::xml_node& parent) const {
    const pugi::xml_node notes = parent.child("notes");
    if (!notes) return {};
    for (pugi::xml_node before = notes.previous_sibling(); before;
         before = before.previous_sibling()) {
      if (named(before, "unit") || named(before, "group") || named(before, "segment") ||
          named(before, "ignorable") || named(before, "originalData")) {
        return fail(notes, "<notes> after <" + std::string(before.name()) + ">");
      }
    }
    if (!notes.child("note")) return fail(notes, "<notes> has no <note>");
    std::set<std::string> ids;
    for (const pugi::xml_node& note : notes.children("note")) {
      const pugi::xml_attribute id = note.attribute("id");
      if (id && !ids.insert(id.value()).second) {
        return fail(note, "<note> id '" + std::string(id.value()) + "' is not unique");
      }
    }
    return {};
  }

  Status check_file(const pugi::xml_node& file) {
    const pugi::xml_node skeleton = file.child("skeleton");
    if (skeleton) {
      const bool href = skeleton.attribute("href");
      const bool content = !skeleton.first_child().empty();
      if (href == content) return fail(skeleton, "<skeleton> needs either href or content");
    }
    TMKIT_RETURN_IF_ERROR(check_notes(file));
    std::set<std::string> ids;  // groups and units share one id space per file
    bool any = false;
    TMKIT_RETURN_IF_ERROR(check_container(file, ids, any));
    if (!any) return fail(file, "<file> has no <unit> or <group>");
    return {};
  }

  Status check_container(const pugi::xml_node& parent, std::set<std::string>& ids, bool& any) {
    for (const pugi::xml_node& child : parent.children()) {
      if (named(child, "group")) {
        any = true;
        TMKIT_RETURN_IF_ERROR(check_id(child, ids, "<group>"));
        TMKIT_RETURN_IF_ERROR(check_notes(child));
        bool inner = false;
        TMKIT_RETURN_IF_ERROR(check_container(child, ids, inner));
      } else if (named(child, "unit")) {
        any = true;
        TMKIT_RETURN_IF_ERROR(check_id(child, ids, "<unit>"));
        TMKIT_RETURN_IF_ERROR(check_unit(child));
      }
    }
    return {};
  }

  Status check_unit(const pugi::xml_node& unit) {
    TMKIT_RETURN_IF_ERROR(check_notes(unit));
    // Data.
    std::set<std::string> data_ids;
    const pugi::xml_node original = unit.child("originalData");
    if (original) {
      if (!original.child("data")) return fail(original, "<originalData> has no <data>");
      for (const pugi::xml_node& data : original.children("data")) {
        TMKIT_RETURN_IF_ERROR(check_id(data, data_ids, "<data>"));
      }
    }
    // Parts.
    std::set<std::string> part_ids;
    std::size_t segments = 0;
    std::set<std::string> orders;
    std::size_t parts = 0;
    for (const pugi::xml_node& part : unit.children()) {
      const bool segment = named(part, "segment");
      if (!segment && !named(part, "ignorable")) continue;
      ++parts;
      if (segment) ++segments;
      if (part.attribute("id")) TMKIT_RETURN_IF_ERROR(check_id(part, part_ids, "<segment>"));
      std::size_t sources = 0;
      for (const pugi::xml_node& s : part.children("source")) {
        (void)s;
        ++sources;
      }
      if (sources != 1) {
        return fail(part, "<" + std::string(part.name()) + "> needs exactly one <source>");
      }
      // A <target> without trgLang is left to the reader, which skips it (OmegaT writes such
      // files).
      if (segment) {
        const string_view state = part.attribute("state").value();
        if (!state.empty() && !one_of(state, {"initial", "translated", "reviewed", "final"})) {
          return fail(part, "state '" + std::string(state) + "' is not a state");
        }
        if (part.attribute("subState") && state.empty())
          return fail(part, "subState without state");
      }
      const pugi::xml_attribute order = part.child("target").attribute("order");
      if (order && !orders.insert(order.value()).second) {
        return fail(part.child("target"),
                    "target order '" + std::string(order.value()) + "' is not unique");
      }
    }
    if (segments == 0) return fail(unit, "<unit> has no <segment>");
    for (const std::string& order : orders) {
      const auto n = std::strtoul(order.c_str(), nullptr, 10);
      if (n < 1 || n > parts) return fail(unit, "target order '" + order + "' is out of range");
    }
    // Inline codes, source side then target side, each over the whole unit.
    for (const char* side : {"source", "target"}) {
      codes_.clear();
      std::vector<pugi::xml_node> contents;
      for (const pugi::xml_node& part : unit.children()) {
        if (named(part, "segment") || named(part, "ignorable"))
          contents.push_back(part.child(side));
      }
      for (const pugi::xml_node& content : contents) {
        if (content) TMKIT_RETURN_IF_ERROR(collect(content, data_ids));
      }
      TMKIT_RETURN_IF_ERROR(check_pairs());
    }
    return {};
  }

  struct Code {
    pugi::xml_node node;
    std::string name;
  };

  // Checks the attributes of each inline element and gathers them in order.
  Status collect(const pugi::xml_node& parent, const std::set<std::string>& data_ids) {
    for (const pugi::xml_node& child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      const string_view name = child.name();
      if (!is_inline(name)) continue;
      for (const char* ref : {"dataRef", "dataRefStart", "dataRefEnd"}) {
        const pugi::xml_attribute attribute = child.attribute(ref);
        if (attribute && data_ids.count(attribute.value()) == 0) {
          return fail(child, std::string(ref) + " '" + attribute.value() + "' names no <data>");
        }
      }
      if (child.attribute("copyOf") &&
          (child.attribute("dataRef") || child.attribute("dataRefStart"))) {
        return fail(child, "copyOf with a dataRef");
      }
      const pugi::xml_attribute id = child.attribute("id");
      if (id && !nmtoken(id.value())) {
        return fail(child, "id '" + std::string(id.value()) + "' is not an NMTOKEN");
      }
      const string_view type = child.attribute("type").value();
      if (!type.empty() && name != "mrk" && name != "sm" &&
          !one_of(type, {"fmt", "ui", "quote", "link", "image", "other"})) {
        return fail(child, "type '" + std::string(type) + "' is not a code type");
      }
      if (child.attribute("subType") && type.empty() && name != "mrk" && name != "sm") {
        return fail(child, "subType without type");
      }
      for (const char* flag : {"canCopy", "canDelete", "isolated"}) {
        const pugi::xml_attribute a = child.attribute(flag);
        if (a && !one_of(a.value(), {"yes", "no"})) {
          return fail(child, std::string(flag) + " '" + a.value() + "' is not yes or no");
        }
      }
      const pugi::xml_attribute reorder = child.attribute("canReorder");
      if (reorder && !one_of(reorder.value(), {"yes", "no", "firstNo"})) {
        return fail(child, "canReorder '" + std::string(reorder.value()) + "' is not a value");
      }
      if (name == "cp") {
        TMKIT_RETURN_IF_ERROR(check_cp(child));
      }
      if (name == "mrk" && string_view(child.attribute("type").value()) == "comment") {
        if (child.attribute("value") && child.attribute("ref"))
          return fail(child, "comment with value and ref");
      }
      codes_.push_back({child, std::string(name)});
      TMKIT_RETURN_IF_ERROR(collect(child, data_ids));
    }
    return {};
  }

  Status check_cp(const pugi::xml_node& cp) const {
    const string_view hex = cp.attribute("hex").value();
    if (hex.empty() || hex.size() > 6 || !std::all_of(hex.begin(), hex.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) != 0;
        })) {
      return fail(cp, "<cp hex=\"" + std::string(hex) + "\"> is not a hexadecimal code point");
    }
    const unsigned long value = std::strtoul(std::string(hex).c_str(), nullptr, 16);
    const bool xml_allows =
        value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value <= 0xD7FF) ||
        (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF);
    if (xml_allows || value > 0x10FFFF) {
      return fail(cp, "<cp hex=\"" + std::string(hex) + "\"> is not a character XML forbids");
    }
    return {};
  }

  // <sc>/<ec> and <sm>/<em> of one side of a unit.
  Status check_pairs() const {
    std::map<std::string, std::size_t> starts;  // id -> index in codes_
    for (std::size_t i = 0; i < codes_.size(); ++i) {
      const Code& code = codes_[i];
      const std::string id = code.node.attribute("id").value();
      if (code.name == "sc" || code.name == "sm") starts[id] = i;
    }
    std::set<std::string> ended;
    for (std::size_t i = 0; i < codes_.size(); ++i) {
      const Code& code = codes_[i];
      const bool isolated = string_view(code.node.attribute("isolated").value()) == "yes";
      if (code.name == "ec" || code.name == "em") {
        const string_view start_name = code.name == "ec" ? "sc" : "sm";
        const pugi::xml_attribute ref = code.node.attribute("startRef");
        if (isolated) {
          if (ref) return fail(code.node, "an isolated <ec> has id, not startRef");
          if (!code.node.attribute("id")) return fail(code.node, "an isolated <ec> needs an id");
          if (starts.count(code.node.attribute("id").value()) != 0) {
            return fail(code.node, "<ec isolated=\"yes\"> whose <sc> is in the same unit");
          }
          continue;
        }
        if (!ref && code.node.attribute("rid")) {
          // locize pairs <sc>/<ec> by an XLIFF 1.2 style rid: accepted when a <sc> has it.
          const auto sc = std::find_if(codes_.begin(), codes_.end(), [&](const Code& c) {
            return c.name == "sc" && string_view(c.node.attribute("rid").value()) ==
                                         string_view(code.node.attribute("rid").value());
          });
          if (sc == codes_.end()) return fail(code.node, "<ec rid> without a matching <sc rid>");
          ended.insert(sc->node.attribute("id").value());
          continue;
        }
        if (!ref) {
          return fail(code.node, "<" + code.name + "> without startRef" +
                                     (code.name == "ec" ? " or isolated=\"yes\"" : ""));
        }
        const auto start = starts.find(ref.value());
        if (start == starts.end() || codes_[start->second].name != start_name) {
          return fail(code.node, "<" + code.name + " startRef=\"" + ref.value() + "\"> has no <" +
                                     std::string(start_name) + ">");
        }
        if (start->second > i) return fail(code.node, "<" + code.name + "> before its start");
        const pugi::xml_node sc = codes_[start->second].node;
        if (string_view(sc.attribute("isolated").value()) == "yes") {
          return fail(sc, "<sc isolated=\"yes\"> whose <ec> is in the same unit");
        }
        for (const char* flag : {"canCopy", "canDelete", "canOverlap", "canReorder"}) {
          if (string_view(sc.attribute(flag).value()) !=
              string_view(code.node.attribute(flag).value())) {
            return fail(code.node, std::string(flag) + " differs between <sc> and <ec>");
          }
        }
        ended.insert(ref.value());
      }
    }
    for (const auto& [id, index] : starts) {
      const pugi::xml_node start = codes_[index].node;
      const bool isolated = string_view(start.attribute("isolated").value()) == "yes";
      if (ended.count(id) == 0 && !isolated) {
        return fail(start, "<" + codes_[index].name + " id=\"" + id + "\"> is never closed" +
                               (codes_[index].name == "sc" ? " (isolated=\"yes\" missing)" : ""));
      }
    }
    return {};
  }

  const XmlDocument& xml_;
  string_view name_;
  LangTag src_;
  LangTag trg_;
  bool has_trg_ = false;
  std::vector<Code> codes_;
};

}  // namespace

Status check_xliff20(const XmlDocument& xml, std::string_view name) {
  TMKIT_RETURN_IF_ERROR(Checker(xml, name).run());
  return check_xliff20_rules(xml, name);
}

}  // namespace tmkit::detail
