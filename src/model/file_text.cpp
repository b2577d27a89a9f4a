#include "model/file_text.hpp"

#include <algorithm>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "model/error.hpp"

namespace perfgate {

std::string read_file_text(const std::string& path, const std::string& what,
                           const std::string& fix) {
  const std::string head = path + ": cannot read" + (what.empty() ? "" : " " + what) + ": ";
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw input_error(head + std::strerror(errno) + (fix.empty() ? "" : "; " + fix));
  std::string text;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f);
  const int err = errno;
  std::fclose(f);
  if (failed) throw input_error(head + std::strerror(err) + "; check the file and the disk");
  return text;
}

std::string line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  const std::size_t end = std::min(offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace perfgate
