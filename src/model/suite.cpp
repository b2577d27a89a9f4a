#include "model/suite.hpp"

namespace perfgate {

std::string SourcePlace::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::vector<std::string> BenchmarkSpec::command() const {
  if (!shell.empty()) return {"/bin/sh", "-c", shell};
  return argv;
}

namespace {
constexpr std::string_view kOpen = "{fixture.";
}

std::vector<std::string> fixture_placeholders(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t at = text.find(kOpen); at != std::string_view::npos; at = text.find(kOpen, at + 1)) {
    const std::size_t end = text.find('}', at);
    if (end == std::string_view::npos) break;
    names.emplace_back(text.substr(at + kOpen.size(), end - at - kOpen.size()));
  }
  return names;
}

std::string replace_fixture_placeholders(std::string_view text,
                                         const std::map<std::string, std::string>& paths) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find(kOpen); at != std::string_view::npos; at = text.find(kOpen, from)) {
    const std::size_t end = text.find('}', at);
    if (end == std::string_view::npos) break;
    out += text.substr(from, at - from);
    out += paths.at(std::string(text.substr(at + kOpen.size(), end - at - kOpen.size())));
    from = end + 1;
  }
  out += text.substr(from);
  return out;
}

}  // namespace perfgate
