// libFuzzer target: parse_xliff (1.2 and 2.x) on arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "tmkit/formats/xliff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tmkit::ReadReport report;
  const auto units = tmkit::parse_xliff(tmkit::fuzz::as_text(data, size), "fuzz.xlf", {}, &report);
  if (units.ok()) {
    tmkit::fuzz::require(report.units == units->size(), "report.units differs from the result");
    tmkit::fuzz::require_valid_units(*units);
  }
  return 0;
}
