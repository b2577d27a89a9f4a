// What every dashboard page shares: the document head (the embedded style
// sheets and scripts by their hashed URLs, a Content-Security-Policy that
// allows requests to this server only), the navigation bar, the footer, and
// data handed to the page's script as JSON.
//
// Pages are readable without JavaScript: the numbers are in tables written by
// the server; web/src/dashboard.js only adds the interactive chart, the
// tooltips, picking runs to compare and filtering.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "report/html.hpp"

namespace perfgate::dashboard {

struct PageHead {
  std::string title;          // the <title> and the page's <h1>
  std::vector<HtmlLink> nav;  // the navigation bar, e.g. the project's pages
  bool chart = false;         // the page draws a uPlot chart: load uPlot too
};

// Everything up to and including the <h1>.
void begin_page(std::ostream& out, const PageHead& head);
// The footer (`method`: how the page's numbers were made, one paragraph of
// plain text) and the end of the document.
void end_page(std::ostream& out, const std::string& method);

// `data` as the text of <script type="application/json" id="ID">: every "<"
// written as \u003c, so that no string in it ("</script>", "<!--") can end
// the element early, whatever the benchmark names hold.
void write_json_data(std::ostream& out, const std::string& id, const nlohmann::json& data);

// The project's navigation: its page, its regressions, and all projects.
std::vector<HtmlLink> project_nav(const std::string& project);

}  // namespace perfgate::dashboard
