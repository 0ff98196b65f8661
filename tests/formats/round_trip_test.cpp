// Import -> TM -> export -> import over every valid sample file of ../shared/data/formats: the
// units a TM holds come back from its TMX export identical (text, inline codes, notes, props,
// provenance, dates, languages), and from XLIFF 1.2 and 2.0 exports with the same text, codes,
// notes, props and languages.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <sstream>

#include "formats_test_util.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"
#include "tm_units.hpp"
#include "tmkit/formats/text_file.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/formats/xliff.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace {

using tmkit::TranslationUnit;
using tmkit::testing::all_units;

std::vector<std::filesystem::path> valid_samples() {
  std::vector<std::filesystem::path> out;
  const auto root = tmkit::testing::shared_dir() / "data" / "formats";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    if (name.find("-invalid-") != std::string::npos || name == "omegat-invalid.tmx") continue;
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<TranslationUnit> through_tm(const std::vector<TranslationUnit>& units,
                                        const tmkit::testing::TempDir& dir) {
  auto tm = tmkit::TranslationMemory::open(dir / "tm");
  REQUIRE(tm.ok());
  const auto added = tm->add(units);
  INFO(added.status().message());
  REQUIRE(added.ok());
  auto stored = all_units(*tm);
  REQUIRE(stored.ok());
  return std::move(stored).value();
}

// `native` without its <sub> and </sub> tags: the only markup the samples' native data holds
// (the CHECK fails on any other, which would need its own expectation).
std::string without_sub_tags(std::string native) {
  for (const std::string tag : {"<sub>", "</sub>"}) {
    for (std::size_t at = native.find(tag); at != std::string::npos; at = native.find(tag, at)) {
      native.erase(at, tag.size());
    }
  }
  CHECK(native.find('<') == std::string::npos);
  return native;
}

// What a round trip keeps of a unit: everything but the codes' ids and element names (the
// writers number TMX pairs afresh, write <hi> as <bpt>/<ept>, make up XLIFF ids that are not
// NMTOKENs), so codes compare by kind and native data.
void check_same_content(const TranslationUnit& back, const TranslationUnit& unit,
                        bool text_only_data = false) {
  CHECK(back.source == unit.source);
  CHECK(back.target == unit.target);
  CHECK(back.src_lang == unit.src_lang);
  CHECK(back.tgt_lang == unit.tgt_lang);
  CHECK(back.notes == unit.notes);
  CHECK(back.props == unit.props);
  CHECK(back.provenance == unit.provenance);
  CHECK(back.created == unit.created);
  // XLIFF 2 keeps native data in <originalData>, whose <data> holds text only: a code whose
  // native data holds a <sub> (a TMX <ph> of okapi-header_with_prop_and_note.tmx) comes back
  // with the <sub>'s text but not its tags.
  const auto kinds = [&](const std::vector<tmkit::InlineCode>& codes) {
    std::vector<std::pair<tmkit::InlineCode::Kind, std::string>> out;
    for (const auto& c : codes) {
      out.emplace_back(c.kind, text_only_data ? without_sub_tags(c.native) : c.native);
    }
    return out;
  };
  CHECK(kinds(back.source_codes) == kinds(unit.source_codes));
  CHECK(kinds(back.target_codes) == kinds(unit.target_codes));
}

// The units read back from an export of `units` are the same, one for one.
void check_read_back(const tmkit::Result<std::vector<TranslationUnit>>& back,
                     const std::vector<TranslationUnit>& units, bool text_only_data) {
  INFO(back.status().message());
  REQUIRE(back.ok());
  REQUIRE(back->size() == units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    INFO("unit " << i);
    check_same_content((*back)[i], units[i], text_only_data);
  }
}

void check_xliff(const std::vector<TranslationUnit>& stored, tmkit::XliffVersion version) {
  std::map<std::pair<std::string, std::string>, std::vector<TranslationUnit>> by_pair;
  for (const auto& unit : stored) {
    by_pair[{unit.src_lang.str(), unit.tgt_lang.str()}].push_back(unit);
  }
  for (const auto& [pair, units] : by_pair) {
    INFO(pair.first << " -> " << pair.second);
    tmkit::XliffWriteOptions options;
    options.version = version;
    std::ostringstream out;
    REQUIRE(tmkit::write_xliff(out, units, options).ok());
    check_read_back(tmkit::parse_xliff(out.str(), "round-trip.xlf"), units,
                    version == tmkit::XliffVersion::k20);
  }
}

}  // namespace

TEST_CASE("Every valid sample survives import, the TM, export and import again", "[samples]") {
  std::size_t files = 0;
  std::size_t units_checked = 0;
  for (const auto& path : valid_samples()) {
    INFO(path.string());
    const auto read = tmkit::read_units(path, {});
    REQUIRE(read.ok());
    if (read->empty()) continue;
    ++files;
    tmkit::testing::TempDir dir;
    const std::vector<TranslationUnit> stored = through_tm(*read, dir);
    // The TM keeps units as given (duplicates once).
    for (const auto& unit : stored) {
      CHECK(std::find(read->begin(), read->end(), unit) != read->end());
    }
    tmkit::TmxWriteOptions tmx_options;
    tmx_options.creation_date = 1700000000;
    std::ostringstream tmx;
    REQUIRE(tmkit::write_tmx(tmx, stored, tmx_options).ok());
    check_read_back(tmkit::parse_tmx(tmx.str(), "round-trip.tmx"), stored, false);
    check_xliff(stored, tmkit::XliffVersion::k12);
    check_xliff(stored, tmkit::XliffVersion::k20);
    units_checked += stored.size();
  }
  // The files that give units without options (the others are source-only or untranslated),
  // and their units once the TM has merged duplicates; counted when the test was written.
  CHECK(files == 78);
  CHECK(units_checked == 195);
}
