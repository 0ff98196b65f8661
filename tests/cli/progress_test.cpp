#include "progress.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using tmkit::cli::format_progress;
using tmkit::cli::Progress;

TEST_CASE("progress line: bar, percentage, rate and ETA", "[cli]") {
  // 500 of 1000 in 5 s: 100/s, 500 left, so 5 s to go; 12 of 24 marks filled.
  CHECK(format_progress("units", 500, 1000, 5.0) ==
        "units [############............] 50% 500/1000 100/s ETA 0:05");
  // Done: no ETA. Over an hour: h:mm:ss.
  CHECK(format_progress("units", 1000, 1000, 4.0) ==
        "units [########################] 100% 1000/1000 250/s");
  CHECK(format_progress("units", 1, 4000, 1.0, 4) == "units [....] 0% 1/4000 1/s ETA 1:06:39");
  // Nothing done yet: no estimate rather than an infinite one.
  CHECK(format_progress("units", 0, 10, 3.0, 4) == "units [....] 0% 0/10 0/s");
  // Unknown total: count, rate and elapsed time.
  CHECK(format_progress("reading", 42, 0, 2.0) == "reading 42 21/s 0:02");
}

TEST_CASE("progress draws only when enabled, and erases its line", "[cli]") {
  std::ostringstream silent;
  {
    Progress progress("units", 10, silent, false);
    progress.advance(10);
  }
  CHECK(silent.str().empty());

  std::ostringstream drawn;
  {
    Progress progress("units", 10, drawn, true);
    progress.advance(10);  // the last step is always drawn
  }
  const std::string out = drawn.str();
  CHECK(out.rfind("\runits [########################] 100% 10/10 ", 0) == 0);
  CHECK(out.size() > 6);
  CHECK(out.substr(out.size() - 5) == "\r\x1b[2K");  // erased at the end
}
