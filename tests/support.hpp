#pragma once
// Helpers shared by the doctest files: running the CLI, building fleet JSON.
#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <string>

#include "hotplan/hotplan.hpp"

namespace hotplan::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output
};

// Runs the built CLI with `args` (already shell-quoted), capturing stdout;
// stderr goes to /dev/null.
inline CommandResult run_cli(const std::string& args) {
  const std::string command = std::string(HOTPLAN_CLI) + " " + args + " 2>/dev/null";
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
