// Starts the tmkit binary in a child process that the test can kill, limit or run as another
// user (run_tmkit.hpp runs it through the shell and waits, which a kill test cannot use).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace tmkit::testing {

struct ChildOptions {
  // Largest file the child may write, in bytes (RLIMIT_FSIZE, SIGXFSZ ignored, so a write
  // past it fails with EFBIG as on a full disk); 0 = no limit.
  long long file_size_limit = 0;
  // Run as nobody (uid/gid 65534) when the test runs as root, so that permissions apply.
  bool drop_root = false;
  // The tmkit binary to run instead of the build's (e.g. a copy that nobody may execute when
  // the build tree sits in a directory only root can enter); empty = the build's.
  std::filesystem::path binary;
};

// Starts `tmkit args...` with stdin from /dev/null and stdout/stderr into `output`.
pid_t start_tmkit(const std::vector<std::string>& args, const std::filesystem::path& output,
                  const ChildOptions& options = {});

struct ChildExit {
  bool signalled = false;  // ended by a signal (e.g. our SIGKILL)
  int code = -1;           // the exit code when not signalled
};
ChildExit wait_child(pid_t pid);

}  // namespace tmkit::testing
