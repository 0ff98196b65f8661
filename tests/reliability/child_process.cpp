#include "child_process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

namespace tmkit::testing {

pid_t start_tmkit(const std::vector<std::string>& args, const std::filesystem::path& output,
                  const ChildOptions& options) {
  // Everything the child needs is prepared before fork: after it only system calls run.
  std::vector<std::string> strings{options.binary.empty() ? std::string(TMKIT_BINARY)
                                                          : options.binary.string()};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings{"SOURCE_DATE_EPOCH=1631750400"};
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out < 0 || in < 0) std::abort();
  const bool drop = options.drop_root && ::geteuid() == 0;
  const pid_t pid = ::fork();
  if (pid < 0) std::abort();
  if (pid == 0) {
    if (options.file_size_limit > 0) {
      std::signal(SIGXFSZ, SIG_IGN);
      const auto limit = static_cast<rlim_t>(options.file_size_limit);
      const rlimit rl{limit, limit};
      if (::setrlimit(RLIMIT_FSIZE, &rl) != 0) ::_exit(126);
    }
    if (drop && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) {
      ::_exit(126);
    }
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out);
  ::close(in);
  return pid;
}

ChildExit wait_child(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  ChildExit exit;
  exit.signalled = WIFSIGNALED(status);
  if (WIFEXITED(status)) exit.code = WEXITSTATUS(status);
  return exit;
}

}  // namespace tmkit::testing
