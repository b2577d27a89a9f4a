// The dashboard's static files: uPlot (from the npm registry, installed by
// the build) and the dashboard's own script and style sheet (web/src),
// embedded into the binary at build time (web/assets.cmake). The server
// serves them at /static/<hash>/<name>; nothing is fetched from elsewhere.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace perfgate::dashboard {

// One embedded file, as the generated table lists it.
struct EmbeddedAsset {
  const char* name;  // the file name in its URL: "uPlot.iife.min.js"
  // The first 16 hex digits of the SHA-256 of the bytes: the URL changes
  // whenever the content does, so a response may be cached forever.
  const char* hash;
  const unsigned char* data;
  std::size_t size;
};

// Defined in the generated dashboard_assets_data.cpp.
extern const EmbeddedAsset embedded_assets[];
extern const std::size_t embedded_asset_count;

struct Asset {
  std::string_view name;
  std::string_view hash;
  std::string_view content_type;  // "text/javascript; charset=utf-8", ...
  std::string_view bytes;
};

// Every embedded file.
std::span<const EmbeddedAsset> all_assets();

// The file of this URL name, or nothing. Throws std::logic_error for a name
// that no build embeds (a typo in a page builder, not a request).
Asset asset(std::string_view name);

// The file at /static/<hash>/<name>, when both match: a stale hash (a page
// of an older binary) is not found, rather than served with other content.
std::optional<Asset> find_asset(std::string_view hash, std::string_view name);

}  // namespace perfgate::dashboard
