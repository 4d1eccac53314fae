#pragma once
// A local CRM mock (tests/helpers/salesforce_mock.py or hubspot_mock.py) run by a test on 127.0.0.1
// and a free port, with its control API (/__mock/...: records, faults, config, the request log and
// the violations of the provider's documented contract); stopped (SIGTERM) on destruction.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "http_client.h"

extern char** environ;

namespace bb::testing {

class CrmMock {
 public:
  // `script`: "salesforce_mock.py" or "hubspot_mock.py"; `extra` command-line options.
  explicit CrmMock(const std::string& script, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"/usr/bin/python3", std::string(BLUEBIRD_TEST_HELPERS_DIR) + "/" + script,
                                     "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
      close(out[0]);
      throw std::runtime_error("cannot start " + script);
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
  ~CrmMock() { Stop(); }
  CrmMock(const CrmMock&) = delete;
  CrmMock& operator=(const CrmMock&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // A control request; its JSON answer (throws when the mock refuses it).
  boost::json::value Control(const std::string& method, const std::string& path,
                             const boost::json::value& body = nullptr) {
    HttpResponse response = HttpClient(static_cast<unsigned short>(port_))
                                .Send(method, "/__mock/" + path, {{"Content-Type", "application/json"}},
                                      body.is_null() ? "" : boost::json::serialize(body));
    if (response.status >= 300) throw std::runtime_error("mock control " + path + ": " + response.body);
    return response.body.empty() ? boost::json::value(nullptr) : response.Json();
  }
  // The records of one object ("Lead", "Opportunity"; HubSpot: "contacts", "deals").
  boost::json::array Records(const std::string& object) {
    boost::json::value answer = Control("GET", "records?object=" + object);
    if (answer.is_array()) return answer.as_array();
    if (answer.is_object() && answer.as_object().contains("records")) return answer.at("records").as_array();
    return {};
  }
  // The requests the mock answered, oldest first.
  boost::json::array Requests() { return Control("GET", "requests").as_array(); }
  // Every breach of the provider's documented contract seen so far (expected: none).
  std::string Violations() {
    boost::json::array list = Control("GET", "violations").as_array();
    return list.empty() ? "" : boost::json::serialize(list);
  }

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
