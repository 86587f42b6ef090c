#pragma once
// Helpers shared by the doctest files: running the CLI, building fleet JSON.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "hotplan/hotplan.hpp"

namespace hotplan::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs the built CLI with `args` (already shell-quoted), capturing stdout and stderr.
inline CommandResult run_cli(const std::string& args) {
  CommandResult result;
  std::string err_path = "/tmp/hotplan-test-stderr-XXXXXX";
  const int err_fd = mkstemp(err_path.data());
  if (err_fd < 0) return result;
  close(err_fd);
  const std::string command = std::string(HOTPLAN_CLI) + " " + args + " 2>" + err_path;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (FILE* err = fopen(err_path.c_str(), "r")) {
    while ((n = fread(buffer.data(), 1, buffer.size(), err)) > 0) result.err.append(buffer.data(), n);
    fclose(err);
  }
  std::remove(err_path.c_str());
  return result;
}

inline std::string source_path(const std::string& relative) { return std::string(HOTPLAN_SOURCE_DIR) + "/" + relative; }

// A machine that passes every prerequisite: Azure Edition on the October 2025 baseline.
inline Json eligible_machine(const std::string& id) {
  return Json{{"id", id},
              {"product", "ws2025"},
              {"edition", "datacenter-azure-edition"},
              {"installed_kb", "KB5066835"},
              {"build", "26100.6899"},
              {"hotpatch_enrolled", "2025-09-01"},
              {"arc_connected", false},
              {"license", "active"},
              {"vbs_status", 2},
              {"uefi", true},
              {"secure_boot", true},
              {"generation", 2},
              {"preview", false},
              {"image", nullptr},
              {"vmss_mode", nullptr},
              {"time_zone", "UTC"}};
}

inline Json fleet_of(std::initializer_list<Json> machines) {
  Json list = Json::array();
  for (const auto& m : machines) list.push_back(m);
  return Json{{"machines", list}};
}

}  // namespace hotplan::test
