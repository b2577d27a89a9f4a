// Reading the small text files of /proc and /sys that describe this machine.
// Internal to collect (environment probe and pre-flight checks). Every reader
// returns nullopt when the file is absent or unreadable, which is normal in
// virtual machines and containers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace perfgate::system_files {

// The whole file (at most 1 MiB; /proc files report size 0, so read to EOF).
std::optional<std::string> read(const std::string& path);

// The first line, without surrounding white space.
std::optional<std::string> first_line(const std::string& path);

// `text` without leading and trailing spaces, tabs and newlines.
std::string_view trim(std::string_view text);

// A "Key:   123 kB" line of /proc/meminfo, in bytes.
std::optional<std::uint64_t> meminfo_bytes(std::string_view key);

}  // namespace perfgate::system_files
