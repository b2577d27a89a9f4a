// A folder of files packed into one byte string, so that libFuzzer can mutate
// the input of an adapter that reads a folder (Criterion.rs's target/criterion).
//
// The packed form is plain text, easy to write and read by hand:
//
//   === main/sort/new/estimates.json
//   {"mean": {...}}
//   === main/sort/new/sample.json
//   {"iters": [...], "times": [...]}
//
// A line starting with "=== " (at the start of the input or after a newline)
// names a file by its path relative to the folder; the file holds the bytes
// after that line up to the newline before the next such line (or the end).
// Bytes before the first "=== " line are ignored. A path with an empty, "."
// or ".." component, a NUL byte, more than 8 components or a component longer
// than 64 bytes is skipped, so the folder never escapes its root; at most 64
// files are kept. fuzz/run_fuzz.cmake packs the fixture folders this way.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perfgate::fuzz {

struct FolderImage {
  std::vector<std::pair<std::string, std::string>> files;  // relative path, bytes
};

// Never fails: whatever the bytes, the result is a (maybe empty) set of files
// with safe relative paths.
FolderImage unpack_folder_image(std::string_view packed);

// Replaces `root` with a folder holding exactly the image's files (a later
// file of the same path wins; a file whose path collides with a folder is
// skipped). Returns false when `root` cannot be made at all.
bool write_folder_image(const FolderImage& image, const std::filesystem::path& root);

}  // namespace perfgate::fuzz
