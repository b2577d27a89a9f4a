// The dashboard's URLs. Every link a page writes is made here, and the
// server's routes (server/dashboard_routes.cpp) are the same paths:
//   /                                      the projects
//   /p/NAME                                a project: every series
//   /p/NAME/series?benchmark=B&metric=M    one series' history
//   /p/NAME/compare?base=RUN&contender=RUN two runs compared
//   /p/NAME/regressions                    the open change points
//   /static/HASH/FILE                      an embedded script or style sheet
// Names are percent-encoded, so a benchmark called "a&b/c?d" links safely.
// The results are URLs, not HTML: escape them when writing an attribute.
#pragma once

#include <string>
#include <string_view>

namespace perfgate::dashboard {

// `text` with every byte outside RFC 3986's unreserved set (A-Z a-z 0-9 - . _
// ~) written as %XX: safe in a path segment and in a query value.
std::string percent_encode(std::string_view text);

std::string home_url();
std::string project_url(std::string_view project);
std::string series_url(std::string_view project, std::string_view benchmark,
                       std::string_view metric);
// Without runs: the comparison form's action (the runs come as its fields).
std::string compare_url(std::string_view project);
std::string compare_url(std::string_view project, std::string_view base_run_id,
                        std::string_view contender_run_id);
std::string regressions_url(std::string_view project);
// "/static/<hash>/<name>" of an embedded file (dashboard/assets.hpp).
std::string asset_url(std::string_view name);

}  // namespace perfgate::dashboard
