#include "server/outbox.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/error.hpp"

namespace perfgate::server {
namespace {

namespace fs = std::filesystem;

// A file name for a run id: characters other than [A-Za-z0-9._-] become '_'.
std::string file_name(const std::string& run_id) {
  std::string out;
  for (char c : run_id) {
    const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += safe ? c : '_';
  }
  if (out.empty() || out.front() == '.') out = "_" + out;
  return out + ".json";
}

std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

std::string Outbox::file_of(const std::string& run_id) const {
  return (fs::path(dir_) / file_name(run_id)).string();
}

void Outbox::put(OutboxEntry entry) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec)
    throw input_error(dir_ + ": cannot create the outbox folder: " + ec.message() +
                      "; the run is kept in " + entry.result_file +
                      ", push it later with `perfgate push`");
  const std::string path = file_of(entry.run_id);
  if (fs::exists(path)) {
    nlohmann::json old = nlohmann::json::parse(read_text(path), nullptr, false);
    if (old.is_object() && old.contains("queued_at") && old["queued_at"].is_string())
      entry.queued_at = old["queued_at"].get<std::string>();
  }
  const nlohmann::json j = {{"run_id", entry.run_id},
                            {"result_file", entry.result_file},
                            {"project", entry.project},
                            {"queued_at", entry.queued_at},
                            {"last_error", entry.last_error}};
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    f.flush();
    if (!f)
      throw input_error(tmp + ": cannot write the outbox entry: " + std::strerror(errno) +
                        "; the run is kept in " + entry.result_file);
  }
  fs::rename(tmp, path, ec);
  if (ec)
    throw input_error(path + ": cannot write the outbox entry: " + ec.message() +
                      "; the run is kept in " + entry.result_file);
}

std::vector<OutboxEntry> Outbox::entries(std::vector<std::string>& problems) const {
  std::vector<OutboxEntry> out;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const fs::path p = e.path();
    if (p.extension() != ".json" || !e.is_regular_file()) continue;
    const nlohmann::json j = nlohmann::json::parse(read_text(p), nullptr, false);
    auto text = [&](const char* key) {
      return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>()
                                                                    : std::string();
    };
    OutboxEntry entry{text("run_id"), text("result_file"), text("project"), text("queued_at"),
                      text("last_error")};
    if (entry.run_id.empty() || entry.result_file.empty()) {
      problems.push_back(p.string() +
                         ": not an outbox entry (no run_id or result_file); left as is");
      continue;
    }
    out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end(), [](const OutboxEntry& a, const OutboxEntry& b) {
    return std::tie(a.queued_at, a.run_id) < std::tie(b.queued_at, b.run_id);
  });
  return out;
}

void Outbox::remove(const std::string& run_id) {
  std::error_code ec;
  fs::remove(file_of(run_id), ec);
}

}  // namespace perfgate::server
