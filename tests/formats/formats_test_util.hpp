// Helpers shared by the formats tests: sample units and the xmllint schema check.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "test_paths.hpp"
#include "tmkit/lang.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit::testing {

inline LangTag tag(const char* text) { return LangTag::parse(text).value(); }

// The placeholder readers put in a text for its inline code `index` (U+E000 + index, as UTF-8;
// indexes below 64 here), see InlineCode.
inline std::string code(int index) {
  std::string out = "\xEE\x80";
  out.push_back(static_cast<char>(0x80 + index));
  return out;
}

// Two units exercising every field and the characters XML must escape.
inline std::vector<TranslationUnit> sample_units() {
  TranslationUnit first;
  first.src_lang = tag("zh-CN");
  first.tgt_lang = tag("en");
  first.source = "外交部 & <发言人> \"引号\" 'apos'";
  first.target = "  Leading spaces & <b> \"quotes\" ]]> end";
  first.created = 1709294400;  // 2024-03-01T12:00:00Z
  first.provenance = {"briefing.zh.txt", "12-13", "14", 0.875, "2-1", "Zhu Guoxian", "tmkit align"};
  first.props = {{"x-client", "A & B <c>"}};
  first.notes = {"note <1> & \"two\""};
  TranslationUnit second;
  second.src_lang = tag("zh-CN");
  second.tgt_lang = tag("en");
  second.source = "第二句。\t制表符";
  second.target = "Second line\nwith a break\r\nand CR";
  second.provenance.confidence = 0.5;
  return {first, second};
}

// Runs xmllint offline with the project's catalog (see shared/schemas/README.md) on `file`,
// e.g. xmllint("--schema", "xliff12/xliff-core-1.2-strict.xsd", path) with the schema relative
// to shared/schemas. Returns the exit code; xmllint's messages go to `output`.
inline int xmllint(const std::string& check_flag, const std::string& schema,
                   const std::filesystem::path& file, std::string* output = nullptr) {
  const std::filesystem::path schemas = shared_dir() / "schemas";
  const std::filesystem::path log = file.string() + ".xmllint.log";
  const std::string command = "XML_CATALOG_FILES='" + (schemas / "catalog.xml").string() +
                              "' xmllint --nonet --noout " + check_flag + " '" +
                              (schemas / schema).string() + "' '" + file.string() + "' >'" +
                              log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  if (output != nullptr) *output = read_file(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Asserts that xmllint accepts `file`, showing its messages when it does not.
inline void check_schema_valid(const std::string& check_flag, const std::string& schema,
                               const std::filesystem::path& file) {
  std::string log;
  const int code = xmllint(check_flag, schema, file, &log);
  INFO("xmllint " << check_flag << " " << schema << ":\n" << log);
  CHECK(code == 0);
}

}  // namespace tmkit::testing
