#include "dashboard/links.hpp"

#include "dashboard/assets.hpp"

namespace perfgate::dashboard {

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string home_url() { return "/"; }

std::string project_url(std::string_view project) { return "/p/" + percent_encode(project); }

std::string series_url(std::string_view project, std::string_view benchmark,
                       std::string_view metric) {
  return project_url(project) + "/series?benchmark=" + percent_encode(benchmark) +
         "&metric=" + percent_encode(metric);
}

std::string compare_url(std::string_view project) { return project_url(project) + "/compare"; }

std::string compare_url(std::string_view project, std::string_view base_run_id,
                        std::string_view contender_run_id) {
  return compare_url(project) + "?base=" + percent_encode(base_run_id) +
         "&contender=" + percent_encode(contender_run_id);
}

std::string regressions_url(std::string_view project) {
  return project_url(project) + "/regressions";
}

std::string asset_url(std::string_view name) {
  const Asset a = asset(name);
  return "/static/" + std::string(a.hash) + "/" + std::string(a.name);
}

}  // namespace perfgate::dashboard
