// libFuzzer target: parse_tmx on arbitrary bytes (any encoding, any structure).
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "tmkit/formats/tmx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tmkit::ReadReport report;
  const auto units = tmkit::parse_tmx(tmkit::fuzz::as_text(data, size), "fuzz.tmx", {}, &report);
  if (units.ok()) {
    tmkit::fuzz::require(report.units == units->size(), "report.units differs from the result");
    tmkit::fuzz::require_valid_units(*units);
  }
  return 0;
}
