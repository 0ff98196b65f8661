#include "tmkit/lexicon.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <utility>

#include "lexicon_data.hpp"
#include "tmkit/text.hpp"
#include "word_norm.hpp"

// The built-in lexicons, linked in by builtin_lexicon.S.
extern "C" const char tmkit_zh_en_lexicon_begin[];
extern "C" const char tmkit_zh_en_lexicon_end[];
extern "C" const char tmkit_de_fr_lexicon_begin[];
extern "C" const char tmkit_de_fr_lexicon_end[];

namespace tmkit {
namespace {

using detail::LexiconData;
using detail::LexiconEntry;

bool is_unspaced_language(std::string_view language) {
  return language == "zh" || language == "ja";
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

class LexiconBuilder {
 public:
  LexiconBuilder(std::string source, std::string target) {
    data_->source_language = std::move(source);
    data_->target_language = std::move(target);
    data_->unspaced_source = is_unspaced_language(data_->source_language);
  }
  LexiconData& data() { return *data_; }
  std::shared_ptr<const LexiconData> finish() { return std::move(data_); }

  void add(std::string_view source, std::string_view targets, std::string_view readings) {
    const std::string_view key = intern_key(source);
    LexiconEntry& entry = data_->entries[key];
    if (!targets.empty()) entry.target_fields.push_back(targets);
    if (!readings.empty()) entry.readings = readings;
    data_->max_key_bytes = std::max(data_->max_key_bytes, key.size());
    if (data_->unspaced_source) add_prefixes(key);
  }

 private:
  // The key as it is matched: the source word itself when normalisation leaves it unchanged
  // (all Chinese), else a normalised copy kept alive by the lexicon.
  std::string_view intern_key(std::string_view source) {
    std::string key = detail::match_key(data_->source_language, source);
    if (key == source) return source;
    return data_->owned_keys.emplace_back(std::move(key));
  }

  // Proper prefixes ending on a UTF-8 character boundary.
  void add_prefixes(std::string_view key) {
    for (std::size_t len = 1; len < key.size(); ++len) {
      if ((static_cast<unsigned char>(key[len]) & 0xC0) == 0x80) continue;
      data_->prefixes.insert(key.substr(0, len));
    }
  }

  std::shared_ptr<LexiconData> data_ = std::make_shared<LexiconData>();
};

Status line_error(std::string_view name, std::size_t line, std::string_view what) {
  return Status::invalid_input(std::string(name) + ": line " + std::to_string(line) + ": " +
                               std::string(what));
}

// Adds one line in any of the three formats (see lexicon.hpp).
Status add_line(std::string_view line, std::string_view name, std::size_t number,
                LexiconBuilder& builder) {
  const auto tab = line.find('\t');
  if (tab != std::string_view::npos) {
    const std::string_view source = trim(line.substr(0, tab));
    std::string_view rest = line.substr(tab + 1);
    std::string_view readings;
    if (const auto tab2 = rest.find('\t'); tab2 != std::string_view::npos) {
      readings = trim(rest.substr(0, tab2));
      rest = rest.substr(tab2 + 1);
    }
    if (source.empty()) return line_error(name, number, "empty source word before the tab");
    builder.add(source, trim(rest), readings);
    return {};
  }
  const auto at = line.find(" @ ");
  if (at == std::string_view::npos) {
    return line_error(name, number,
                      "expected 'source<TAB>target words' or hunalign's 'target @ source'");
  }
  const std::string_view target = trim(line.substr(0, at));
  const std::string_view source = trim(line.substr(at + 3));
  if (source.empty() || target.empty()) return line_error(name, number, "empty side around '@'");
  builder.add(source, target, {});
  return {};
}

Status add_lines(std::string_view text, std::string_view name, LexiconBuilder& builder) {
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const auto end = text.find('\n');
    const std::string_view line = trim(end == std::string_view::npos ? text : text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    TMKIT_RETURN_IF_ERROR(add_line(line, name, number, builder));
  }
  return {};
}

}  // namespace

namespace detail {

// Target words are split like text (lexical.cpp's tokenizer cuts at every character that is no
// letter or digit), so "nord-est" and "clear-sighted" become two words each. ASCII punctuation
// and the typographic apostrophe are the separators that occur in lexicon fields.
std::vector<std::string> entry_targets(const LexiconEntry& entry,
                                       std::string_view target_language) {
  std::vector<std::string> out;
  auto add = [&](std::string_view word) {
    if (word.empty()) return;
    const std::string folded = fold_word(word);
    if (is_stop_word(target_language, folded)) return;
    std::string key = match_key(target_language, folded);
    if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
  };
  constexpr std::string_view kApostrophe = "\u2019";
  for (std::string_view field : entry.target_fields) {
    std::size_t begin = 0;
    for (std::size_t pos = 0; pos <= field.size();) {
      const bool at_end = pos == field.size();
      const unsigned char c = at_end ? 0 : static_cast<unsigned char>(field[pos]);
      const bool apostrophe = !at_end && field.substr(pos).starts_with(kApostrophe);
      if (at_end || apostrophe || (c < 0x80 && !std::isalnum(c))) {
        add(field.substr(begin, pos - begin));
        pos += apostrophe ? kApostrophe.size() : 1;
        begin = pos;
      } else {
        ++pos;
      }
    }
  }
  return out;
}

}  // namespace detail

Lexicon::Lexicon(std::shared_ptr<const LexiconData> data) : data_(std::move(data)) {}

Result<Lexicon> Lexicon::parse(std::string_view text, const LangTag& source, const LangTag& target,
                               std::string_view name) {
  if (Status valid = validate_utf8(text); !valid.ok()) {
    return Status::invalid_input(std::string(name) + ": " + valid.message());
  }
  LexiconBuilder builder(source.language(), target.language());
  builder.data().owned_text.assign(text);
  TMKIT_RETURN_IF_ERROR(add_lines(builder.data().owned_text, name, builder));
  if (builder.data().entries.empty()) {
    return Status::invalid_input(std::string(name) + ": no lexicon entries");
  }
  return Lexicon(builder.finish());
}

Result<Lexicon> Lexicon::load(const std::string& path, const LangTag& source,
                              const LangTag& target) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::invalid_input(path + ": cannot open the lexicon");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Status::invalid_input(path + ": cannot read the lexicon");
  return parse(content.str(), source, target, path);
}

namespace {

struct BuiltinLexicon {
  std::string_view source, target;
  const char* begin;
  const char* end;
};

}  // namespace

std::optional<Lexicon> Lexicon::builtin(const LangTag& source, const LangTag& target) {
  const BuiltinLexicon lexicons[] = {
      {"zh", "en", tmkit_zh_en_lexicon_begin, tmkit_zh_en_lexicon_end},
      {"de", "fr", tmkit_de_fr_lexicon_begin, tmkit_de_fr_lexicon_end},
  };
  for (const BuiltinLexicon& lexicon : lexicons) {
    const bool forward = source.language() == lexicon.source && target.language() == lexicon.target;
    const bool backward =
        source.language() == lexicon.target && target.language() == lexicon.source;
    if (!forward && !backward) continue;
    // The embedded text lives as long as the program, so entries point into it directly.
    const std::string_view text(lexicon.begin,
                                static_cast<std::size_t>(lexicon.end - lexicon.begin));
    LexiconBuilder builder(std::string(lexicon.source), std::string(lexicon.target));
    const std::string name =
        "built-in " + std::string(lexicon.source) + "-" + std::string(lexicon.target) + " lexicon";
    if (!add_lines(text, name, builder).ok()) return std::nullopt;
    return Lexicon(builder.finish());
  }
  return std::nullopt;
}

const std::string& Lexicon::source_language() const { return data_->source_language; }
const std::string& Lexicon::target_language() const { return data_->target_language; }
std::size_t Lexicon::size() const { return data_->entries.size(); }

}  // namespace tmkit
