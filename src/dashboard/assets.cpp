#include "dashboard/assets.hpp"

#include <stdexcept>
#include <string>

namespace perfgate::dashboard {
namespace {

std::string_view content_type_of(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  return "text/plain; charset=utf-8";
}

Asset to_asset(const EmbeddedAsset& a) {
  return Asset{a.name, a.hash, content_type_of(a.name),
               std::string_view(reinterpret_cast<const char*>(a.data), a.size)};
}

}  // namespace

std::span<const EmbeddedAsset> all_assets() { return {embedded_assets, embedded_asset_count}; }

Asset asset(std::string_view name) {
  for (const EmbeddedAsset& a : all_assets())
    if (name == a.name) return to_asset(a);
  throw std::logic_error("no embedded dashboard asset named " + std::string(name));
}

std::optional<Asset> find_asset(std::string_view hash, std::string_view name) {
  for (const EmbeddedAsset& a : all_assets())
    if (name == a.name && hash == a.hash) return to_asset(a);
  return std::nullopt;
}

}  // namespace perfgate::dashboard
