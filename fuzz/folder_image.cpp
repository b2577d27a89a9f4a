#include "folder_image.hpp"

#include <cstdio>
#include <system_error>

namespace perfgate::fuzz {
namespace {

constexpr std::string_view header = "=== ";
constexpr std::size_t max_files = 64;
constexpr std::size_t max_components = 8;
constexpr std::size_t max_component_bytes = 64;

bool safe_relative_path(std::string_view path) {
  if (path.empty() || path.find('\0') != std::string_view::npos) return false;
  std::size_t components = 0;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view c = path.substr(start, end - start);
    if (c.empty() || c == "." || c == ".." || c.size() > max_component_bytes) return false;
    if (++components > max_components) return false;
    start = end + 1;
  }
  return true;
}

// Offset of the next header at or after `from` that starts a line, or npos.
std::size_t next_header(std::string_view s, std::size_t from) {
  for (std::size_t at = s.find(header, from); at != std::string_view::npos;
       at = s.find(header, at + 1)) {
    if (at == 0 || s[at - 1] == '\n') return at;
  }
  return std::string_view::npos;
}

}  // namespace

FolderImage unpack_folder_image(std::string_view packed) {
  FolderImage image;
  std::size_t at = next_header(packed, 0);
  while (at != std::string_view::npos && image.files.size() < max_files) {
    const std::size_t path_begin = at + header.size();
    std::size_t path_end = packed.find('\n', path_begin);
    const bool last_line = path_end == std::string_view::npos;
    if (last_line) path_end = packed.size();
    const std::string_view path = packed.substr(path_begin, path_end - path_begin);
    const std::size_t body_begin = last_line ? packed.size() : path_end + 1;
    const std::size_t next = next_header(packed, body_begin);
    // The newline that ends the body belongs to the next header line.
    std::size_t body_end = next == std::string_view::npos ? packed.size() : next - 1;
    if (body_end < body_begin) body_end = body_begin;
    if (safe_relative_path(path)) {
      image.files.emplace_back(std::string(path),
                               std::string(packed.substr(body_begin, body_end - body_begin)));
    }
    at = next;
  }
  return image;
}

bool write_folder_image(const FolderImage& image, const std::filesystem::path& root) {
  std::error_code ec;
  std::filesystem::remove_all(root, ec);
  std::filesystem::create_directories(root, ec);
  if (ec) return false;
  for (const auto& [relative, bytes] : image.files) {
    const std::filesystem::path file = root / relative;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) continue;  // a file of the image is where this one needs a folder
    if (std::filesystem::is_directory(file, ec)) continue;
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (!f) continue;
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  return true;
}

}  // namespace perfgate::fuzz
