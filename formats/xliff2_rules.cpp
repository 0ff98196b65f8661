// The XLIFF 2 rules beyond xliff2_check.cpp's core checks: where extensions and modules may
// appear, fragment identifiers, code rules that span source and target (copyOf, canDelete,
// canReorder, subFlows, xml:space, target order) and the modules' own constraints (mda, mtc,
// gls, res, ctr, slr, val, fs). Each rule is one the OASIS test suite has an invalid file for.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "xliff2_check.hpp"

namespace tmkit::detail {
namespace {

using std::string_view;

constexpr string_view kCoreNs20 = "urn:oasis:names:tc:xliff:document:2.0";
constexpr string_view kCoreNs22 = "urn:oasis:names:tc:xliff:document:2.2";
constexpr string_view kModulePrefix = "urn:oasis:names:tc:xliff:";

bool one_of(string_view value, std::initializer_list<string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

bool nmtoken(string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

bool digits_only(string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

string_view local_name(string_view qname) {
  const std::size_t colon = qname.find(':');
  return colon == string_view::npos ? qname : qname.substr(colon + 1);
}

string_view prefix_of(string_view qname) {
  const std::size_t colon = qname.find(':');
  return colon == string_view::npos ? string_view() : qname.substr(0, colon);
}

// The namespace URI bound to `prefix` ("" for the default namespace) where `node` sits.
string_view namespace_of(pugi::xml_node node, string_view prefix) {
  const std::string attribute = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (; node; node = node.parent()) {
    const pugi::xml_attribute a = node.attribute(attribute.c_str());
    if (a) return a.value();
  }
  return prefix == "xml" ? "http://www.w3.org/XML/1998/namespace" : "";
}

// What a name belongs to: the core, one of the modules ("mtc", "gls"...), or an extension.
enum class Owner { kCore, kModule, kExtension };

struct NameInfo {
  Owner owner = Owner::kCore;
  std::string module;  // the module's short name, for kModule
};

NameInfo classify(string_view uri) {
  if (uri == kCoreNs20 || uri == kCoreNs22) return {Owner::kCore, {}};
  if (uri.starts_with(kModulePrefix)) {
    string_view rest = uri.substr(kModulePrefix.size());
    rest = rest.substr(0, rest.find(':'));
    static constexpr std::pair<string_view, string_view> kModules[] = {{"matches", "mtc"},
                                                                       {"glossary", "gls"},
                                                                       {"metadata", "mda"},
                                                                       {"resourcedata", "res"},
                                                                       {"changetracking", "ctr"},
                                                                       {"sizerestriction", "slr"},
                                                                       {"validation", "val"},
                                                                       {"fs", "fs"},
                                                                       {"itsm", "its"}};
    for (const auto& [word, module] : kModules) {
      if (rest == word) return {Owner::kModule, std::string(module)};
    }
  }
  if (uri == "http://www.w3.org/2005/11/its") return {Owner::kModule, "its"};
  return {Owner::kExtension, {}};
}

NameInfo element_info(const pugi::xml_node& node) {
  return classify(namespace_of(node, prefix_of(node.name())));
}

NameInfo attribute_info(const pugi::xml_node& node, string_view name) {
  const string_view prefix = prefix_of(name);
  if (prefix.empty()) return {Owner::kCore, {}};  // unprefixed attributes have no namespace
  if (prefix == "xml" || prefix == "xmlns" || name == "xmlns") return {Owner::kCore, {}};
  return classify(namespace_of(node, prefix));
}

// A parsed fragment identifier: "#id" (relative) or "#[/]prefix=id/prefix=id..." (spec 2.1
// section "Fragment Identification").
struct Fragment {
  std::vector<std::pair<std::string, std::string>> selectors;  // prefix (maybe ""), id
};

class RulesChecker {
 public:
  RulesChecker(const XmlDocument& xml, string_view name) : xml_(xml), name_(name) {}

  Status run() {
    const pugi::xml_node root = xml_.doc.document_element();
    has_trg_ = root.attribute("trgLang");
    version22_ = namespace_of(root, "") == kCoreNs22;
    src_lang_ = root.attribute("srcLang").value();
    TMKIT_RETURN_IF_ERROR(check_tree(root));
    for (const pugi::xml_node& file : root.children()) {
      if (local_name(file.name()) != "file" || element_info(file).owner != Owner::kCore) continue;
      TMKIT_RETURN_IF_ERROR(check_file(file));
    }
    return {};
  }

 private:
  Status fail(const pugi::xml_node& node, const std::string& why) const {
    return Status::invalid_input(std::string(name_) + ": " + xml_.line_of(node) + ": " + why);
  }

  static bool core(const pugi::xml_node& node, string_view local) {
    return local_name(node.name()) == local && element_info(node).owner == Owner::kCore;
  }

  // ---- placement of extensions and modules, attributes of core elements ----

  Status check_tree(const pugi::xml_node& node) {
    const NameInfo info = element_info(node);
    for (const pugi::xml_attribute& a : node.attributes()) {
      TMKIT_RETURN_IF_ERROR(check_attribute(node, info, a));
    }
    TMKIT_RETURN_IF_ERROR(check_module_attributes(node));
    for (const pugi::xml_node& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const NameInfo child_info = element_info(child);
      if (info.owner == Owner::kCore && child_info.owner != Owner::kCore) {
        const string_view parent = local_name(node.name());
        if (one_of(parent, {"file", "group", "unit"}) && after_content(child)) {
          return fail(child, "<" + std::string(child.name()) + "> comes after the content of <" +
                                 std::string(parent) + ">");
        }
        if (!one_of(parent, {"file", "group", "unit", "skeleton"}) &&
            !(parent == "xliff" && child_info.owner == Owner::kModule)) {
          return fail(child, "<" + std::string(child.name()) +
                                 "> (an extension or module) is "
                                 "not allowed in <" +
                                 std::string(parent) + ">");
        }
      }
      if (child_info.owner == Owner::kModule) TMKIT_RETURN_IF_ERROR(check_module(child));
      TMKIT_RETURN_IF_ERROR(check_tree(child));
    }
    return {};
  }

  // The schema puts a <file>'s, <group>'s or <unit>'s extensions and modules before its
  // <notes>, units, groups and segments.
  static bool after_content(pugi::xml_node node) {
    for (node = node.previous_sibling(); node; node = node.previous_sibling()) {
      if (element_info(node).owner == Owner::kCore &&
          one_of(local_name(node.name()),
                 {"notes", "unit", "group", "segment", "ignorable", "originalData"})) {
        return true;
      }
    }
    return false;
  }

  // Core elements take extension attributes only where the schema has anyAttribute; module
  // attributes (fs, slr, its) go on most, but not on a paired <ec>.
  Status check_attribute(const pugi::xml_node& node, const NameInfo& info,
                         const pugi::xml_attribute& a) const {
    if (info.owner != Owner::kCore) return {};
    const string_view element = local_name(node.name());
    const string_view name = a.name();
    const NameInfo attr = attribute_info(node, name);
    if (attr.owner == Owner::kExtension &&
        !one_of(element, {"xliff", "file", "group", "unit", "note", "mrk", "sm"})) {
      return fail(node, "extension attribute " + std::string(name) + " is not allowed on <" +
                            std::string(element) + ">");
    }
    if (attr.owner == Owner::kModule && element == "ec" &&
        string_view(node.attribute("isolated").value()) != "yes" &&
        (attr.module == "fs" || attr.module == "slr")) {
      return fail(node, std::string(name) + " is not allowed on an <ec> that is not isolated");
    }
    const string_view local = local_name(name);
    if ((attr.module == "fs" && !one_of(local, {"fs", "subFs"})) ||
        (attr.module == "slr" && !one_of(local, {"storageRestriction", "sizeRestriction",
                                                 "equivStorage", "sizeInfo", "sizeInfoRef"}))) {
      return fail(node,
                  std::string(name) + " is not an attribute of the " + attr.module + " module");
    }
    if (attr.owner != Owner::kCore) return {};
    static const std::map<string_view, std::vector<string_view>> kAllowed = {
        {"segment", {"id", "canResegment", "state", "subState"}},
        {"ignorable", {"id"}},
        {"source", {"xml:lang", "xml:space"}},
        {"target", {"xml:lang", "xml:space", "order"}},
    };
    const auto allowed = kAllowed.find(element);
    if (allowed != kAllowed.end() && !name.starts_with("xmlns") &&
        std::find(allowed->second.begin(), allowed->second.end(), name) == allowed->second.end()) {
      return fail(node, "attribute " + std::string(name) + " is not allowed on <" +
                            std::string(element) + ">");
    }
    return {};
  }

  // ---- file, group and unit scopes ----

  Status check_file(const pugi::xml_node& file) {
    unit_ids_.clear();
    collect_unit_ids(file);
    return check_scope(file);
  }

  void collect_unit_ids(const pugi::xml_node& node) {
    for (const pugi::xml_node& child : node.children()) {
      if (core(child, "unit")) unit_ids_.insert(child.attribute("id").value());
      if (core(child, "group")) collect_unit_ids(child);
    }
  }

  Status check_scope(const pugi::xml_node& scope) {
    TMKIT_RETURN_IF_ERROR(check_extension_ids(scope));
    for (const pugi::xml_node& child : scope.children()) {
      if (core(child, "group")) TMKIT_RETURN_IF_ERROR(check_scope(child));
      if (core(child, "unit")) TMKIT_RETURN_IF_ERROR(check_unit(child));
    }
    return {};
  }

  // Extension elements directly in a <file>, <group> or <unit> (and their descendants) share
  // one id space; id and xml:id both count.
  Status check_extension_ids(const pugi::xml_node& scope) const {
    std::set<std::string> ids;
    std::vector<pugi::xml_node> pending;
    for (const pugi::xml_node& child : scope.children()) {
      if (child.type() == pugi::node_element && element_info(child).owner == Owner::kExtension)
        pending.push_back(child);
    }
    while (!pending.empty()) {
      const pugi::xml_node node = pending.back();
      pending.pop_back();
      for (const char* attribute : {"id", "xml:id"}) {
        const pugi::xml_attribute id = node.attribute(attribute);
        if (id && !ids.insert(id.value()).second) {
          return fail(node, "extension element id '" + std::string(id.value()) +
                                "' is not unique in its <" + local_name(scope.name()).data() + ">");
        }
      }
      for (const pugi::xml_node& child : node.children()) {
        if (child.type() == pugi::node_element) pending.push_back(child);
      }
    }
    return {};
  }

  Status check_unit(const pugi::xml_node& unit) {
    unit_ = unit;
    TMKIT_RETURN_IF_ERROR(check_extension_ids(unit));
    TMKIT_RETURN_IF_ERROR(check_parts(unit));
    std::vector<pugi::xml_node> sources;
    std::vector<pugi::xml_node> targets;
    for (const pugi::xml_node& part : unit.children()) {
      if (!core(part, "segment") && !core(part, "ignorable")) continue;
      sources.push_back(part.child("source"));
      if (part.child("target")) targets.push_back(part.child("target"));
    }
    source_codes_.clear();
    target_codes_.clear();
    for (const auto& s : sources) gather_codes(s, source_codes_);
    for (const auto& t : targets) gather_codes(t, target_codes_);
    for (const auto* codes : {&source_codes_, &target_codes_}) {
      for (const pugi::xml_node& code : *codes) TMKIT_RETURN_IF_ERROR(check_code(code));
    }
    TMKIT_RETURN_IF_ERROR(check_non_removable(unit));
    TMKIT_RETURN_IF_ERROR(check_reorder(source_codes_, targets.empty() ? nullptr : &target_codes_));
    return {};
  }

  // Targets need trgLang; a target keeps its source's xml:space; target orders are unique
  // counting the implicit ones (a part's position).
  Status check_parts(const pugi::xml_node& unit) const {
    std::map<unsigned long, pugi::xml_node> orders;
    unsigned long position = 0;
    for (const pugi::xml_node& part : unit.children()) {
      if (!core(part, "segment") && !core(part, "ignorable")) continue;
      ++position;
      const pugi::xml_node target = part.child("target");
      if (!target) continue;
      // OmegaT's own XLIFF 2.0 sample has segment targets without trgLang: tolerated there
      // (the reader skips them and says so), refused in 2.2 and in an <ignorable>.
      if (!has_trg_ && (version22_ || core(part, "ignorable"))) {
        return fail(target, "<target> in a document without trgLang");
      }
      if (!has_trg_) continue;
      if (space_of(part.child("source")) != space_of(target)) {
        return fail(target, "<target> xml:space differs from its <source>'s");
      }
      const pugi::xml_attribute order = target.attribute("order");
      const unsigned long n = order ? std::strtoul(order.value(), nullptr, 10) : position;
      if (!orders.emplace(n, target).second) {
        return fail(target, "target order " + std::to_string(n) +
                                " is taken already (explicitly or by position)");
      }
    }
    return {};
  }

  static std::string space_of(pugi::xml_node node) {
    for (; node; node = node.parent()) {
      const pugi::xml_attribute space = node.attribute("xml:space");
      if (space) return space.value();
    }
    return "default";
  }

  static bool is_code(string_view local) {
    return one_of(local, {"pc", "ph", "sc", "ec", "mrk", "sm", "em", "cp"});
  }

  static void gather_codes(const pugi::xml_node& parent, std::vector<pugi::xml_node>& out) {
    for (const pugi::xml_node& child : parent.children()) {
      if (child.type() != pugi::node_element || !is_code(local_name(child.name()))) continue;
      out.push_back(child);
      gather_codes(child, out);
    }
  }

  const pugi::xml_node* find_code(const std::vector<pugi::xml_node>& codes, string_view id) const {
    for (const pugi::xml_node& code : codes) {
      if (string_view(code.attribute("id").value()) == id) return &code;
    }
    return nullptr;
  }

  Status check_code(const pugi::xml_node& code) const {
    const string_view local = local_name(code.name());
    const pugi::xml_attribute copy_of = code.attribute("copyOf");
    if (copy_of) {
      const pugi::xml_node* base = find_code(source_codes_, copy_of.value());
      if (base == nullptr) base = find_code(target_codes_, copy_of.value());
      if (base == nullptr) {
        return fail(code, "copyOf '" + std::string(copy_of.value()) + "' names no code");
      }
      if (string_view(base->attribute("canCopy").value()) == "no") {
        return fail(
            code, "copyOf '" + std::string(copy_of.value()) + "' names a code with canCopy=\"no\"");
      }
    }
    for (const char* attribute : {"subFlows", "subFlowsStart", "subFlowsEnd"}) {
      TMKIT_RETURN_IF_ERROR(check_sub_flows(code, attribute));
    }
    TMKIT_RETURN_IF_ERROR(check_sub_type(code, local));
    if ((local == "mrk" || local == "sm") &&
        string_view(code.attribute("type").value()) == "comment") {
      TMKIT_RETURN_IF_ERROR(check_comment(code));
    } else if ((local == "mrk" || local == "sm") && code.attribute("ref")) {
      const string_view ref = code.attribute("ref").value();
      if (ref.starts_with("#")) TMKIT_RETURN_IF_ERROR(parse_fragment(code, ref).status());
    }
    return {};
  }

  Status check_sub_flows(const pugi::xml_node& code, const char* attribute) const {
    const pugi::xml_attribute flows = code.attribute(attribute);
    if (!flows) return {};
    const std::string value = flows.value();
    std::size_t at = 0;
    while (at < value.size()) {
      const std::size_t end = std::min(value.find(' ', at), value.size());
      const std::string id = value.substr(at, end - at);
      if (!id.empty() && unit_ids_.count(id) == 0) {
        return fail(code, std::string(attribute) + " '" + id + "' names no <unit> of the file");
      }
      at = end + 1;
    }
    return {};
  }

  // subType is "prefix:value"; the reserved xlf: values go with one type each.
  Status check_sub_type(const pugi::xml_node& code, string_view local) const {
    const pugi::xml_attribute sub = code.attribute("subType");
    if (!sub || local == "mrk" || local == "sm") return {};
    const string_view value = sub.value();
    if (value.find(':') == string_view::npos || value.front() == ':') {
      return fail(code, "subType '" + std::string(value) + "' is not prefix:value");
    }
    if (!value.starts_with("xlf:")) return {};
    const string_view type = code.attribute("type").value();
    const bool fmt = one_of(value, {"xlf:lb", "xlf:pb", "xlf:b", "xlf:i", "xlf:u"});
    if ((fmt && type != "fmt") || (value == "xlf:var" && type != "ui") ||
        (!fmt && value != "xlf:var")) {
      return fail(code, "subType '" + std::string(value) + "' does not go with type '" +
                            std::string(type) + "'");
    }
    return {};
  }

  // A comment annotation holds its text (value) or points (ref) at a <note> of its unit.
  Status check_comment(const pugi::xml_node& code) const {
    const pugi::xml_attribute ref = code.attribute("ref");
    if (!ref && !code.attribute("value")) {
      return fail(code, "comment annotation without value or ref");
    }
    if (!ref) return {};
    TMKIT_ASSIGN_OR_RETURN(const Fragment fragment, parse_fragment(code, ref.value()));
    const auto& last = fragment.selectors.back();
    bool other_unit = false;
    for (const auto& [prefix, id] : fragment.selectors) {
      if (prefix == "u" && id != unit_.attribute("id").value()) other_unit = true;
    }
    const bool names_unit = std::any_of(fragment.selectors.begin(), fragment.selectors.end(),
                                        [](const auto& s) { return s.first == "u"; });
    const bool relative = fragment.selectors.size() == 1;
    if (last.first != "n" || other_unit || (!relative && !names_unit) ||
        !has_note(unit_, last.second)) {
      return fail(code,
                  "comment ref '" + std::string(ref.value()) + "' is not a <note> of this unit");
    }
    return {};
  }

  static bool has_note(const pugi::xml_node& unit, string_view id) {
    for (const pugi::xml_node& note : unit.child("notes").children("note")) {
      if (string_view(note.attribute("id").value()) == id) return true;
    }
    return false;
  }

  // "#id", "#prefix=id" or "#/prefix=id/.../prefix=id": core prefixes f, g, u, then one leaf
  // (n, d, t or a module's); one-letter prefixes are the core's, longer ones the modules' and
  // those registered with the TC (tbx); no prefix twice but g.
  Result<Fragment> parse_fragment(const pugi::xml_node& node, string_view ref) const {
    const auto bad = [&](const std::string& why) {
      return fail(node, "fragment identifier '" + std::string(ref) + "': " + why);
    };
    string_view rest = ref.substr(1);
    const bool absolute = rest.starts_with("/");
    if (absolute) rest.remove_prefix(1);
    Fragment fragment;
    while (true) {
      const std::size_t slash = rest.find('/');
      const string_view part = rest.substr(0, slash);
      const std::size_t eq = part.find('=');
      std::string prefix = eq == string_view::npos ? "" : std::string(part.substr(0, eq));
      std::string id(eq == string_view::npos ? part : part.substr(eq + 1));
      if (!nmtoken(id)) return bad("'" + std::string(part) + "' is not prefix=id");
      if (eq != string_view::npos && !nmtoken(prefix)) return bad("bad prefix '" + prefix + "'");
      fragment.selectors.emplace_back(std::move(prefix), std::move(id));
      if (slash == string_view::npos) break;
      rest = rest.substr(slash + 1);
    }
    const auto rank = [](const std::string& prefix) {
      if (prefix == "f") return 0;
      if (prefix == "g") return 1;
      if (prefix == "u") return 2;
      return 3;
    };
    std::set<std::string> seen;
    int last_rank = -1;
    for (std::size_t i = 0; i < fragment.selectors.size(); ++i) {
      const std::string& prefix = fragment.selectors[i].first;
      if (prefix.empty()) {
        if (fragment.selectors.size() > 1 || absolute) return bad("an id without a prefix");
        continue;
      }
      if (prefix.size() == 1 && !one_of(prefix, {"f", "g", "u", "n", "d", "t"})) {
        return bad("'" + prefix + "' is not a core prefix");
      }
      if (prefix.size() > 1 &&
          !one_of(prefix, {"mtc", "gls", "mda", "res", "ctr", "slr", "val", "its", "tbx"})) {
        return bad("prefix '" + prefix + "' is not registered");
      }
      if (prefix != "g" && !seen.insert(prefix).second) return bad("prefix '" + prefix + "' twice");
      const int r = rank(prefix);
      if (r < last_rank || (last_rank == 3)) return bad("selectors out of order");
      last_rank = r;
    }
    return fragment;
  }

  // A code the source marks canDelete="no" stays in the unit's targets (when the segment that
  // holds it has a target).
  Status check_non_removable(const pugi::xml_node& unit) const {
    for (const pugi::xml_node& part : unit.children()) {
      if (!part.child("target")) continue;
      std::vector<pugi::xml_node> codes;
      gather_codes(part.child("source"), codes);
      for (const pugi::xml_node& code : codes) {
        if (string_view(code.attribute("canDelete").value()) != "no") continue;
        if (find_code(target_codes_, code.attribute("id").value()) == nullptr) {
          return fail(part.child("target"), "code '" + std::string(code.attribute("id").value()) +
                                                "' has canDelete=\"no\" but no target has it");
        }
      }
    }
    return {};
  }

  // A code's events in document order: "id" where it starts (or stands), "/id" where a <pc>
  // ends, each flagged when it starts a canReorder sequence (canReorder="firstNo"); what the
  // sequences compare. Annotations (<mrk>, <sm>) do not count.
  static void events(const pugi::xml_node& parent, std::vector<std::pair<std::string, bool>>& out,
                     bool restricted_only) {
    for (const pugi::xml_node& child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      if (!one_of(local_name(child.name()), {"pc", "ph", "sc", "ec"})) {
        events(child, out, restricted_only);  // an annotation is not a code: look inside
        continue;
      }
      const string_view reorder = child.attribute("canReorder").value();
      const bool restricted = reorder == "no" || reorder == "firstNo";
      std::string id = child.attribute("id").value();
      if (id.empty()) id = child.attribute("startRef").value();
      if (!restricted_only || restricted) out.emplace_back(id, reorder == "firstNo");
      events(child, out, restricted_only);
      if (child.first_child() && (!restricted_only || restricted)) {
        out.emplace_back("/" + id, false);
      }
    }
  }

  Status check_reorder(const std::vector<pugi::xml_node>& source,
                       const std::vector<pugi::xml_node>* target) const {
    for (std::size_t i = 0; i < source.size(); ++i) {
      const pugi::xml_node code = source[i];
      const string_view reorder = code.attribute("canReorder").value();
      if (reorder != "no" && reorder != "firstNo") continue;
      if (string_view(code.attribute("canDelete").value()) != "no" ||
          string_view(code.attribute("canCopy").value()) != "no") {
        return fail(code, "canReorder=\"" + std::string(reorder) +
                              "\" needs canDelete=\"no\" and canCopy=\"no\"");
      }
      const string_view before = i == 0 ? "" : source[i - 1].attribute("canReorder").value();
      if (reorder == "no" && before != "no" && before != "firstNo") {
        return fail(code, "canReorder=\"no\" does not follow a canReorder=\"firstNo\" code");
      }
    }
    if (target == nullptr || source.empty()) return {};
    return check_reorder_target(*target);
  }

  // Each source sequence (a firstNo code and the no codes after it) comes back in the targets in
  // the same order, nesting included, with no other code inside it.
  Status check_reorder_target(const std::vector<pugi::xml_node>& target) const {
    std::vector<std::pair<std::string, bool>> want;
    std::vector<std::pair<std::string, bool>> got;
    for (const pugi::xml_node& part : unit_.children()) {
      if (!core(part, "segment") && !core(part, "ignorable")) continue;
      events(part.child("source"), want, true);
      if (part.child("target")) events(part.child("target"), got, false);
    }
    if (want.empty() || target.empty()) return {};
    std::vector<std::string> got_ids;
    for (const auto& [id, starts] : got) got_ids.push_back(id);
    std::vector<std::vector<std::string>> sequences;
    for (const auto& [id, starts] : want) {
      if (starts || sequences.empty()) sequences.emplace_back();
      sequences.back().push_back(id);
    }
    for (const auto& sequence : sequences) {
      if (std::search(got_ids.begin(), got_ids.end(), sequence.begin(), sequence.end()) ==
          got_ids.end()) {
        return fail(target.front(),
                    "the target breaks the canReorder sequence that starts at "
                    "code '" +
                        sequence.front() + "'");
      }
    }
    return {};
  }

  // ---- modules ----

  Status check_module(const pugi::xml_node& node) const {
    const std::string module = element_info(node).module;
    const string_view local = local_name(node.name());
    if (module == "mda") return check_mda(node, local);
    if (module == "mtc") return check_mtc(node, local);
    if (module == "gls") return check_gls(node, local);
    if (module == "res") return check_res(node, local);
    if (module == "ctr") return check_ctr(node, local);
    if (module == "val") return check_val(node, local);
    return {};
  }

  Status check_unique_children(const pugi::xml_node& parent,
                               std::initializer_list<string_view> names) const {
    std::set<std::string> ids;
    for (const pugi::xml_node& child : parent.children()) {
      if (!one_of(local_name(child.name()), names)) continue;
      const pugi::xml_attribute id = child.attribute("id");
      if (!id) continue;
      if (!nmtoken(id.value())) {
        return fail(child, "id '" + std::string(id.value()) + "' is not an NMTOKEN");
      }
      if (!ids.insert(id.value()).second) {
        return fail(child, "id '" + std::string(id.value()) + "' is not unique");
      }
    }
    return {};
  }

  Status check_mda(const pugi::xml_node& node, string_view local) const {
    const pugi::xml_attribute id = node.attribute("id");
    if (id && !nmtoken(id.value())) {
      return fail(node, "mda id '" + std::string(id.value()) + "' is not an NMTOKEN");
    }
    const auto has = [&](string_view name) {
      for (const pugi::xml_node& c : node.children()) {
        if (local_name(c.name()) == name) return true;
      }
      return false;
    };
    if (local == "metadata") {
      const string_view parent = local_name(node.parent().name());
      // Its places: the core's file, group and unit (2.2 also the root) and <mtc:match>.
      if (!one_of(parent, {"xliff", "file", "group", "unit", "match"})) {
        return fail(node, "<mda:metadata> is not allowed in <" + std::string(parent) + ">");
      }
      if (!has("metaGroup")) return fail(node, "<mda:metadata> has no <mda:metaGroup>");
      return check_unique_children(node, {"metaGroup"});
    }
    if (local == "metaGroup") {
      const pugi::xml_attribute applies = node.attribute("appliesTo");
      if (applies && !one_of(applies.value(), {"source", "target", "ignorable"})) {
        return fail(node, "appliesTo '" + std::string(applies.value()) + "' is not a value");
      }
      if (!has("meta") && !has("metaGroup")) return fail(node, "empty <mda:metaGroup>");
    }
    if (local == "meta") {
      if (!node.attribute("type")) return fail(node, "<mda:meta> has no type");
      if (node.attribute("appliesTo")) return fail(node, "appliesTo is not allowed on <mda:meta>");
    }
    return {};
  }

  Status check_mtc(const pugi::xml_node& node, string_view local) const {
    if (local == "matches") return check_unique_children(node, {"match"});
    if (local != "match") return {};
    if (node.attribute("xml:lang")) return fail(node, "xml:lang is not allowed on <mtc:match>");
    const pugi::xml_attribute type = node.attribute("type");
    if (type && !one_of(type.value(), {"am", "mt", "icm", "idm", "tb", "tm", "other"})) {
      return fail(node, "match type '" + std::string(type.value()) + "' is not a value");
    }
    if (node.attribute("subType") && !type) return fail(node, "subType without type");
    const string_view ref = node.attribute("ref").value();
    if (!ref.starts_with("#")) {
      return fail(node, "match ref '" + std::string(ref) + "' is not a fragment identifier");
    }
    TMKIT_ASSIGN_OR_RETURN(const Fragment fragment, parse_fragment(node, ref));
    if (fragment.selectors.size() == 1 && fragment.selectors[0].first.empty() &&
        !names_in_unit(node, fragment.selectors[0].second)) {
      return fail(node, "match ref '" + std::string(ref) + "' names nothing in the unit");
    }
    return {};
  }

  // Whether a segment, ignorable or source code of the unit around `node` has this id.
  static bool names_in_unit(pugi::xml_node node, string_view id) {
    while (node && local_name(node.name()) != "unit") node = node.parent();
    for (const pugi::xml_node& part : node.children()) {
      const string_view local = local_name(part.name());
      if (local != "segment" && local != "ignorable") continue;
      if (string_view(part.attribute("id").value()) == id) return true;
      std::vector<pugi::xml_node> codes;
      gather_codes(part.child("source"), codes);
      for (const auto& code : codes) {
        if (string_view(code.attribute("id").value()) == id) return true;
      }
    }
    return false;
  }

  Status check_gls(const pugi::xml_node& node, string_view local) const {
    if (local == "glossary") {
      std::set<std::string> ids;
      for (const pugi::xml_node& entry : node.children()) {
        if (entry.attribute("id") && !ids.insert(entry.attribute("id").value()).second) {
          return fail(entry, "gls id '" + std::string(entry.attribute("id").value()) +
                                 "' is not unique in its glossary");
        }
        for (const pugi::xml_node& t : entry.children()) {
          if (local_name(t.name()) == "translation" && t.attribute("id") &&
              !ids.insert(t.attribute("id").value()).second) {
            return fail(t, "gls id '" + std::string(t.attribute("id").value()) +
                               "' is not unique in its glossary");
          }
        }
      }
      return {};
    }
    if (local != "glossEntry") return {};
    bool content = false;
    for (const pugi::xml_node& c : node.children()) {
      const NameInfo info = element_info(c);
      if (info.owner == Owner::kModule && info.module != "gls") {
        return fail(c, "<" + std::string(c.name()) + "> is not allowed in <gls:glossEntry>");
      }
      content = content || one_of(local_name(c.name()), {"translation", "definition"});
    }
    if (!content) return fail(node, "<gls:glossEntry> has no translation or definition");
    const string_view ref = node.attribute("ref").value();
    if (ref.starts_with("#")) TMKIT_RETURN_IF_ERROR(parse_fragment(node, ref).status());
    return {};
  }

  Status check_res(const pugi::xml_node& node, string_view local) const {
    if (local == "resourceData") return check_unique_children(node, {"resourceItem"});
    if (local == "resourceItem") return {};
    if (local != "source" && local != "target") return {};
    const bool content =
        node.first_child() &&
        !(node.first_child().type() == pugi::node_pcdata && !node.first_child().next_sibling() &&
          std::string_view(node.child_value()).find_first_not_of(" \t\r\n") ==
              std::string_view::npos);
    if (node.attribute("href") && content) {
      return fail(node, "<res:" + std::string(local) + "> has both href and content");
    }
    // A <res:target> may be in another language (the suite's valid files have one); a
    // <res:source> is in srcLang.
    const pugi::xml_attribute lang = node.attribute("xml:lang");
    const std::string& expected = src_lang_;
    if (local == "source" && lang && !equal_ignoring_case(lang.value(), expected)) {
      return fail(node, "<res:" + std::string(local) + "> xml:lang '" + lang.value() +
                            "' is not the document's '" + expected + "'");
    }
    return {};
  }

  static bool equal_ignoring_case(string_view a, string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  }

  // A revision's item is the content or an attribute of the element the revisions point at,
  // each property once per revision.
  Status check_ctr(const pugi::xml_node& node, string_view local) const {
    if (local != "revisions") return {};
    const pugi::xml_attribute ref = node.attribute("ref");
    pugi::xml_node target;
    if (ref) {
      target = find_in_scope(node, ref.value());
      if (!target) return fail(node, "ctr ref '" + std::string(ref.value()) + "' names no element");
    }
    for (const pugi::xml_node& revision : node.children()) {
      std::set<std::string> properties;
      for (const pugi::xml_node& item : revision.children()) {
        if (local_name(item.name()) != "item") continue;
        const std::string property = item.attribute("property").value();
        if (!properties.insert(property).second) {
          return fail(item, "property '" + property + "' twice in one revision");
        }
        if (target && property != "content" && !target.attribute(property.c_str())) {
          return fail(item, "property '" + property + "' is neither content nor an attribute of <" +
                                std::string(target.name()) + " id=\"" + ref.value() + "\">");
        }
      }
    }
    return {};
  }

  // The element of the enclosing <unit> (or <file>) whose xml:id or id is `id`, or null.
  static pugi::xml_node find_in_scope(pugi::xml_node node, string_view id) {
    while (node && !one_of(local_name(node.name()), {"unit", "file"})) node = node.parent();
    std::vector<pugi::xml_node> pending = {node};
    while (!pending.empty()) {
      const pugi::xml_node n = pending.back();
      pending.pop_back();
      const bool ctr = element_info(n).module == "ctr";
      if (!ctr && (string_view(n.attribute("id").value()) == id ||
                   string_view(n.attribute("xml:id").value()) == id)) {
        return n;
      }
      for (const pugi::xml_node& c : n.children()) {
        if (c.type() == pugi::node_element) pending.push_back(c);
      }
    }
    return {};
  }

  // fs: and slr: attributes, on whatever element holds them.
  Status check_module_attributes(const pugi::xml_node& node) const {
    const auto get = [&](string_view module, string_view local) -> pugi::xml_attribute {
      for (const pugi::xml_attribute& a : node.attributes()) {
        if (local_name(a.name()) == local && attribute_info(node, a.name()).module == module)
          return a;
      }
      return {};
    };
    const pugi::xml_attribute fs = get("fs", "fs");
    if (fs && !html_element(fs.value())) {
      return fail(node, "fs:fs '" + std::string(fs.value()) + "' is not an HTML element name");
    }
    const pugi::xml_attribute size_info = get("slr", "sizeInfo");
    const pugi::xml_attribute size_ref = get("slr", "sizeInfoRef");
    if (size_info && size_ref) return fail(node, "slr:sizeInfo and slr:sizeInfoRef together");
    // XLIFF 2.1 leaves sizeInfo's form to the profile (its suite has sizeInfo="some info");
    // the 2.2 suite wants an integer.
    for (const char* local : {"sizeInfo", "equivStorage"}) {
      const pugi::xml_attribute a = get("slr", local);
      if (string_view(local) == "sizeInfo" && !version22_) continue;
      if (a && !digits_only(a.value())) {
        return fail(node, "slr:" + std::string(local) + " '" + a.value() + "' is not an integer");
      }
    }
    for (const char* local : {"sizeRestriction", "storageRestriction"}) {
      const pugi::xml_attribute a = get("slr", local);
      if (a && !restriction(a.value())) {
        return fail(node,
                    "slr:" + std::string(local) + " '" + a.value() + "' is not *, N, N,M or N,*");
      }
    }
    if (size_ref && !size_data_near(node, size_ref.value())) {
      return fail(node, "slr:sizeInfoRef '" + std::string(size_ref.value()) +
                            "' names nothing in a <slr:data> beside it or an ancestor");
    }
    return {};
  }

  static bool restriction(string_view value) {
    if (value == "*") return true;
    const std::size_t comma = value.find(',');
    if (comma == string_view::npos) return digits_only(value);
    const string_view max = value.substr(comma + 1);
    return digits_only(value.substr(0, comma)) && (max == "*" || digits_only(max));
  }

  // The id sizeInfoRef names lies in a <slr:data> that is a sibling of `node` or of one of its
  // ancestors.
  static bool size_data_near(pugi::xml_node node, string_view id) {
    for (; node; node = node.parent()) {
      for (const pugi::xml_node& sibling : node.parent().children()) {
        if (local_name(sibling.name()) != "data" || element_info(sibling).module != "slr") {
          continue;
        }
        if (sibling.find_node([&](const pugi::xml_node& n) {
              return string_view(n.attribute("id").value()) == id;
            })) {
          return true;
        }
      }
    }
    return false;
  }

  static bool html_element(string_view name) {
    return one_of(
        name, {"a",        "abbr",     "address", "area",   "article",    "aside",    "audio",
               "b",        "base",     "bdi",     "bdo",    "blockquote", "body",     "br",
               "button",   "canvas",   "caption", "cite",   "code",       "col",      "colgroup",
               "data",     "datalist", "dd",      "del",    "details",    "dfn",      "dialog",
               "div",      "dl",       "dt",      "em",     "embed",      "fieldset", "figcaption",
               "figure",   "footer",   "form",    "h1",     "h2",         "h3",       "h4",
               "h5",       "h6",       "head",    "header", "hr",         "html",     "i",
               "iframe",   "img",      "input",   "ins",    "kbd",        "keygen",   "label",
               "legend",   "li",       "link",    "main",   "map",        "mark",     "menu",
               "menuitem", "meta",     "meter",   "nav",    "noscript",   "object",   "ol",
               "optgroup", "option",   "output",  "p",      "param",      "picture",  "pre",
               "progress", "q",        "rp",      "rt",     "ruby",       "s",        "samp",
               "script",   "section",  "select",  "small",  "source",     "span",     "strong",
               "style",    "sub",      "summary", "sup",    "table",      "tbody",    "td",
               "template", "textarea", "tfoot",   "th",     "thead",      "time",     "title",
               "tr",       "track",    "u",       "ul",     "var",        "video",    "wbr",
               "acronym",  "big",      "center",  "font",   "strike",     "tt"});
  }

  Status check_val(const pugi::xml_node& node, string_view local) const {
    if (!one_of(local, {"validation", "rule"})) {
      return fail(node, "<" + std::string(node.name()) + "> is not a validation element");
    }
    if (local != "rule") return {};
    std::size_t kinds = 0;
    for (const pugi::xml_attribute& a : node.attributes()) {
      const string_view name = a.name();
      if (one_of(name, {"isPresent", "isNotPresent", "startsWith", "endsWith"})) ++kinds;
      if (prefix_of(name).size() > 0 && attribute_info(node, name).owner == Owner::kExtension)
        ++kinds;  // a custom rule
    }
    if (kinds != 1) return fail(node, "<val:rule> needs exactly one rule attribute");
    const pugi::xml_attribute exists = node.attribute("existsInSource");
    if (exists && !node.attribute("isPresent") && !node.attribute("startsWith") &&
        !node.attribute("endsWith")) {
      return fail(node, "existsInSource needs isPresent, startsWith or endsWith");
    }
    const pugi::xml_attribute cs = node.attribute("caseSensitive");
    if (cs && !one_of(cs.value(), {"yes", "no"})) return fail(node, "caseSensitive not yes/no");
    const pugi::xml_attribute occurs = node.attribute("occurs");
    if (occurs && (!digits_only(occurs.value()) || std::strtoul(occurs.value(), nullptr, 10) < 1))
      return fail(node, "occurs '" + std::string(occurs.value()) + "' is not a positive integer");
    const pugi::xml_attribute norm = node.attribute("normalization");
    if (norm && !one_of(norm.value(), {"none", "nfc", "nfd"}))
      return fail(node, "normalization '" + std::string(norm.value()) + "' is not a value");
    return {};
  }

  const XmlDocument& xml_;
  string_view name_;
  bool has_trg_ = false;
  bool version22_ = false;
  std::string src_lang_;
  std::set<std::string> unit_ids_;
  pugi::xml_node unit_;
  std::vector<pugi::xml_node> source_codes_;
  std::vector<pugi::xml_node> target_codes_;
};

}  // namespace

Status check_xliff20_rules(const XmlDocument& xml, std::string_view name) {
  return RulesChecker(xml, name).run();
}

}  // namespace tmkit::detail
