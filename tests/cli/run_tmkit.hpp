// Runs the tmkit binary in a child process, as a user would.
#pragma once

#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace tmkit::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `tmkit args...` with stdout and stderr captured in files under `scratch`. Arguments are
// passed through the shell single-quoted. SOURCE_DATE_EPOCH is fixed so outputs are repeatable.
RunResult run_tmkit(const std::vector<std::string>& args, const TempDir& scratch);

}  // namespace tmkit::testing
