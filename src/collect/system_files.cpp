#include "collect/system_files.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>

namespace perfgate::system_files {

std::optional<std::string> read(const std::string& path) {
  constexpr std::size_t max_bytes = 1u << 20;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  char buf[8192];
  while (text.size() < max_bytes && in.read(buf, sizeof buf).gcount() > 0)
    text.append(buf, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return std::nullopt;
  return text;
}

std::optional<std::string> first_line(const std::string& path) {
  auto text = read(path);
  if (!text) return std::nullopt;
  std::string_view view(*text);
  return std::string(trim(view.substr(0, view.find('\n'))));
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view space = " \t\r\n";
  auto first = text.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

std::optional<std::uint64_t> meminfo_bytes(std::string_view key) {
  auto text = read("/proc/meminfo");
  if (!text) return std::nullopt;
  std::string_view rest(*text);
  while (!rest.empty()) {
    std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(std::min(rest.size(), line.size() + 1));
    auto colon = line.find(':');
    if (colon == std::string_view::npos || line.substr(0, colon) != key) continue;
    std::string_view number = trim(line.substr(colon + 1));
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc()) return std::nullopt;
    // The kernel writes "kB" and means KiB.
    return trim(std::string_view(end, number.data() + number.size() - end)) == "kB" ? value * 1024
                                                                                    : value;
  }
  return std::nullopt;
}

}  // namespace perfgate::system_files
