#include "run_tmkit.hpp"

#include <sys/wait.h>

#include <cstdlib>

#include "test_paths.hpp"

namespace tmkit::testing {
namespace {

std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace

RunResult run_tmkit(const std::vector<std::string>& args, const TempDir& scratch) {
  const auto out_path = scratch / "stdout.txt";
  const auto err_path = scratch / "stderr.txt";
  std::string command = "SOURCE_DATE_EPOCH=1631750400 " + shell_quote(TMKIT_BINARY);
  for (const std::string& arg : args) command += " " + shell_quote(arg);
  command += " >" + shell_quote(out_path.string()) + " 2>" + shell_quote(err_path.string()) +
             " </dev/null";
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

}  // namespace tmkit::testing
