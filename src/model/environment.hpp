// Where and on what a run happened. Plain data, filled by collect/environment
// and by adapters; every field may be unknown (empty / nullopt) when the
// machine does not expose it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace perfgate {

struct GitState {
  std::string commit;        // full SHA, empty when not in a git repository
  std::string branch;        // empty when detached or unknown
  std::optional<bool> dirty; // uncommitted changes in tracked files
};

struct Environment {
  std::string cpu_model;
  int logical_cores = 0;
  int physical_cores = 0;
  std::optional<double> cpu_mhz;         // current frequency of cpu0 as reported
  std::string governor;                  // scaling governor of cpu0, empty if unreadable
  std::optional<bool> boost;             // turbo/boost enabled, if readable
  std::uint64_t memory_bytes = 0;
  std::string os;                        // PRETTY_NAME from /etc/os-release
  std::string kernel;                    // uname -r
  std::string arch;                      // uname -m
  std::string compiler;                  // the compiler that built perfgate
  std::string host_id;                   // hash of the host name, never the name
  std::optional<double> load_average_1m; // at the start of the run
  GitState git;
};

// One pre-flight check: what was looked at and, when it failed, what to do.
struct PreflightCheck {
  enum class Status { ok, warning, skipped };
  std::string name;     // "load", "busy_process", "battery", "governor", "swap"
  Status status = Status::ok;
  std::string message;  // for warnings: what is wrong and what to do
};

std::string_view to_string(PreflightCheck::Status s);

}  // namespace perfgate
