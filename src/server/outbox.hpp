// The outbox: runs kept locally that a server has not confirmed yet
// (docs/api.md, "Pushing runs"). One small JSON file per run in
// .perfgate/outbox/, naming the run's result file (the run itself stays
// where it is); `perfgate push --pending` sends them, and an entry is removed
// only after the server answered 201 or 200. Entries are written atomically
// (a temporary file, then rename), so a crash leaves an entry whole or absent.
#pragma once

#include <string>
#include <vector>

namespace perfgate::server {

struct OutboxEntry {
  std::string run_id;
  std::string result_file;  // absolute path of the run's result file
  std::string project;      // as asked for (empty: the token's project)
  std::string queued_at;    // UTC, ISO 8601: when the first push failed
  std::string last_error;   // one line: why the last push was not confirmed
};

inline constexpr const char* default_outbox_dir = ".perfgate/outbox";

class Outbox {
 public:
  explicit Outbox(std::string dir = default_outbox_dir) : dir_(std::move(dir)) {}

  // Adds or replaces the entry of entry.run_id (a replaced entry keeps its
  // queued_at). Throws perfgate::Error (exit 2) when the folder is not
  // writable, naming it.
  void put(OutboxEntry entry);
  // Every entry, oldest queued first. An entry file that cannot be read is
  // skipped with `problems` naming it (never deleted: it may be someone's).
  std::vector<OutboxEntry> entries(std::vector<std::string>& problems) const;
  // Removes the entry of `run_id`, if any.
  void remove(const std::string& run_id);

  const std::string& dir() const { return dir_; }

 private:
  std::string file_of(const std::string& run_id) const;
  std::string dir_;
};

}  // namespace perfgate::server
