#pragma once
// A test helper server written in Python (smtp_sink.py, salesforce_mock.py, hubspot_mock.py), run
// with Debian's interpreter: started with its command-line options, ready once it printed
// "PORT <n>" as its first line (within 30 s), stopped with SIGTERM on destruction. Throws when it
// cannot start or prints anything else first.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace bb::testing {

// Debian's interpreter, for which the helpers' packages (python3-aiosmtpd) are installed (a
// `python3` earlier on PATH, such as a pyenv one, may not have them).
constexpr const char* kPython = "/usr/bin/python3";

class PythonHelper {
 public:
  // `script`: the helper's path; `options`: its command-line options.
  PythonHelper(const std::string& script, const std::vector<std::string>& options) {
    std::vector<std::string> args = {kPython, script};
    args.insert(args.end(), options.begin(), options.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    const int spawned = posix_spawn(&pid_, kPython, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
      close(out[0]);
      throw std::runtime_error("cannot start " + script + " with " + kPython);
    }
    std::string line;
    char c = 0;
    pollfd readable{out[0], POLLIN, 0};
    while (poll(&readable, 1, 30000) == 1 && read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
    close(out[0]);
    if (!line.starts_with("PORT ") || (port_ = std::atoi(line.c_str() + 5)) <= 0) {
      Stop();
      throw std::runtime_error(script + " did not start (its first line: \"" + line + "\")");
    }
  }
  ~PythonHelper() { Stop(); }
  PythonHelper(const PythonHelper&) = delete;
  PythonHelper& operator=(const PythonHelper&) = delete;

  int port() const { return port_; }

 private:
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace bb::testing
