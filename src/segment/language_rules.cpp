#include "language_rules.hpp"

#include <algorithm>
#include <array>

namespace tmkit::detail {
namespace {

using enum KeepsSentenceWhen;

constexpr std::array kEnglishAbbreviations = {
    Abbreviation{"Mr.", kAlways},       Abbreviation{"Mrs.", kAlways},
    Abbreviation{"Ms.", kAlways},       Abbreviation{"Dr.", kAlways},
    Abbreviation{"Prof.", kAlways},     Abbreviation{"St.", kAlways},
    Abbreviation{"Jr.", kAlways},       Abbreviation{"Sr.", kAlways},
    Abbreviation{"Gen.", kAlways},      Abbreviation{"Gov.", kAlways},
    Abbreviation{"Sen.", kAlways},      Abbreviation{"Rep.", kAlways},
    Abbreviation{"No.", kBeforeDigit},  Abbreviation{"Nos.", kBeforeDigit},
    Abbreviation{"Vol.", kBeforeDigit}, Abbreviation{"p.", kBeforeDigit},
    Abbreviation{"pp.", kBeforeDigit},  Abbreviation{"e.g.", kAlways},
    Abbreviation{"i.e.", kAlways},      Abbreviation{"etc.", kBeforeLowerCase},
    Abbreviation{"vs.", kAlways},       Abbreviation{"cf.", kAlways},
    Abbreviation{"approx.", kAlways},   Abbreviation{"Inc.", kAlways},
    Abbreviation{"Ltd.", kAlways},      Abbreviation{"Co.", kAlways},
    Abbreviation{"Corp.", kAlways},     Abbreviation{"U.S.", kAlways},
    Abbreviation{"U.K.", kAlways},      Abbreviation{"U.N.", kAlways},
    Abbreviation{"Jan.", kAlways},      Abbreviation{"Feb.", kAlways},
    Abbreviation{"Mar.", kAlways},      Abbreviation{"Apr.", kAlways},
    Abbreviation{"Jun.", kAlways},      Abbreviation{"Jul.", kAlways},
    Abbreviation{"Aug.", kAlways},      Abbreviation{"Sep.", kAlways},
    Abbreviation{"Sept.", kAlways},     Abbreviation{"Oct.", kAlways},
    Abbreviation{"Nov.", kAlways},      Abbreviation{"Dec.", kAlways},
};

constexpr std::array kGermanAbbreviations = {
    Abbreviation{"Dr.", kAlways},           Abbreviation{"Prof.", kAlways},
    Abbreviation{"Hr.", kAlways},           Abbreviation{"Fr.", kAlways},
    Abbreviation{"Nr.", kBeforeDigit},      Abbreviation{"S.", kBeforeDigit},
    Abbreviation{"z.B.", kAlways},          Abbreviation{"d.h.", kAlways},
    Abbreviation{"u.a.", kAlways},          Abbreviation{"bzw.", kAlways},
    Abbreviation{"ca.", kAlways},           Abbreviation{"vgl.", kAlways},
    Abbreviation{"usw.", kBeforeLowerCase}, Abbreviation{"etc.", kBeforeLowerCase},
    Abbreviation{"Jan.", kAlways},          Abbreviation{"Feb.", kAlways},
    Abbreviation{"Okt.", kAlways},          Abbreviation{"Dez.", kAlways},
};

constexpr std::array<std::string_view, 12> kGermanMonths = {
    "Januar", "Februar", "März",      "April",   "Mai",      "Juni",
    "Juli",   "August",  "September", "Oktober", "November", "Dezember",
};

constexpr std::array kFrenchAbbreviations = {
    Abbreviation{"MM.", kAlways},           Abbreviation{"Dr.", kAlways},
    Abbreviation{"Pr.", kAlways},           Abbreviation{"St.", kAlways},
    Abbreviation{"etc.", kBeforeLowerCase}, Abbreviation{"av.", kAlways},
    Abbreviation{"apr.", kAlways},          Abbreviation{"janv.", kAlways},
    Abbreviation{"févr.", kAlways},         Abbreviation{"avr.", kAlways},
    Abbreviation{"juil.", kAlways},         Abbreviation{"sept.", kAlways},
    Abbreviation{"oct.", kAlways},          Abbreviation{"nov.", kAlways},
    Abbreviation{"déc.", kAlways},          Abbreviation{"n.", kBeforeDigit},
};

// For languages without a table of their own: abbreviations shared by many Latin-script texts.
constexpr std::array kSharedAbbreviations = {
    Abbreviation{"Dr.", kAlways},           Abbreviation{"Prof.", kAlways},
    Abbreviation{"e.g.", kAlways},          Abbreviation{"i.e.", kAlways},
    Abbreviation{"etc.", kBeforeLowerCase}, Abbreviation{"vs.", kAlways},
};

}  // namespace

const LanguageRules& rules_for_language(std::string_view language) {
  static const LanguageRules kEnglish{kEnglishAbbreviations, {}};
  static const LanguageRules kGerman{kGermanAbbreviations, kGermanMonths};
  static const LanguageRules kFrench{kFrenchAbbreviations, {}};
  static const LanguageRules kShared{kSharedAbbreviations, {}};
  if (language == "en") return kEnglish;
  if (language == "de") return kGerman;
  if (language == "fr") return kFrench;
  return kShared;
}

const Abbreviation* find_abbreviation(const LanguageRules& rules, std::string_view token) {
  const auto found = std::find_if(rules.abbreviations.begin(), rules.abbreviations.end(),
                                  [&](const Abbreviation& a) { return a.text == token; });
  return found == rules.abbreviations.end() ? nullptr : &*found;
}

}  // namespace tmkit::detail
