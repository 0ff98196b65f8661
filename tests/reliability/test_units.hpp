// Distinct, realistic units for the reliability tests, written as TSV for `tmkit import`.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tmkit::testing {

// A pronounceable word for `n`, different for every n below 85^3, so that no two units are
// duplicates (numbers would all fold to one index key).
inline std::string unit_word(std::size_t n) {
  std::string out;
  for (int i = 0; i < 3; ++i) {
    out += "bcdfghjklmnprstvz"[n % 17];
    out += "aeiou"[(n / 17) % 5];
    n /= 85;
  }
  return out;
}

inline std::string source_of(std::size_t i) {
  return "The " + unit_word(i) + " report reached the harbour office before noon.";
}

inline std::string target_of(std::size_t i) {
  return "Der Bericht " + unit_word(i) + " erreichte das Hafenamt vor Mittag.";
}

// Writes units [first, first + count) to `path` as TSV; line k has source_of(first + k).
inline void write_units_tsv(const std::filesystem::path& path, std::size_t first,
                            std::size_t count) {
  std::ofstream out(path);
  for (std::size_t i = first; i < first + count; ++i) {
    out << source_of(i) << "\t" << target_of(i) << "\n";
  }
}

// Writes units [first, first + count) as a TMX; the unit numbered `oversized` (1-based in the
// file, 0 for none) gets a target of `oversized_bytes` bytes.
inline void write_units_tmx(const std::filesystem::path& path, std::size_t first, std::size_t count,
                            std::size_t oversized = 0, std::size_t oversized_bytes = 0) {
  std::ofstream out(path);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header "
         "creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"none\" "
         "adminlang=\"en\" srclang=\"en-GB\" datatype=\"plaintext\"/>\n<body>\n";
  for (std::size_t i = first; i < first + count; ++i) {
    const bool big = i - first + 1 == oversized;
    out << "<tu><tuv xml:lang=\"en-GB\"><seg>" << source_of(i)
        << "</seg></tuv><tuv xml:lang=\"de-DE\"><seg>"
        << (big ? std::string(oversized_bytes, 'x') : target_of(i)) << "</seg></tuv></tu>\n";
  }
  out << "</body>\n</tmx>\n";
}

inline std::vector<std::string> import_args(const std::filesystem::path& tm,
                                            const std::filesystem::path& tsv, std::size_t batch) {
  return {"import",     "--tm",  tm.string(), "--src-lang",          "en-GB",
          "--tgt-lang", "de-DE", "--batch",   std::to_string(batch), tsv.string()};
}

}  // namespace tmkit::testing
