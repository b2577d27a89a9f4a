#include "dashboard/page_frame.hpp"

#include "dashboard/links.hpp"
#include "report/html_page.hpp"

namespace perfgate::dashboard {

using html::escape;

void begin_page(std::ostream& out, const PageHead& head) {
  // default-src 'self': the page may load only from the server that sent
  // it; a stray absolute URL to a CDN would be blocked (and show as a console
  // error, which the browser test fails on). Inline <script> would be too:
  // the data blocks are JSON, which the browser does not execute.
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; "
         "img-src 'self' data:; base-uri 'none'; form-action 'self'\">\n"
         // No favicon request: the browser would ask for /favicon.ico otherwise.
         "<link rel=\"icon\" href=\"data:,\">\n"
         "<title>"
      << escape(head.title) << " · perfgate</title>\n";
  if (head.chart)
    out << "<link rel=\"stylesheet\" href=\"" << escape(asset_url("uPlot.min.css")) << "\">\n";
  out << "<link rel=\"stylesheet\" href=\"" << escape(asset_url("dashboard.css")) << "\">\n";
  if (head.chart)
    out << "<script defer src=\"" << escape(asset_url("uPlot.iife.min.js")) << "\"></script>\n";
  out << "<script defer src=\"" << escape(asset_url("dashboard.js")) << "\"></script>\n"
      << "</head>\n<body>\n";
  if (!head.nav.empty()) {
    out << "<nav>";
    for (const HtmlLink& link : head.nav)
      out << "<a href=\"" << escape(link.href) << "\">" << escape(link.text) << "</a>";
    out << "</nav>\n";
  }
  out << "<h1>" << escape(head.title) << "</h1>\n";
}

void end_page(std::ostream& out, const std::string& method) {
  out << "<footer>";
  if (!method.empty()) out << "<p>" << escape(method) << "</p>";
  out << "<p>perfgate dashboard. Charts: uPlot (<a href=\""
      << escape(asset_url("uPlot-LICENSE.txt")) << "\">MIT licence</a>).</p></footer>\n"
      << "</body>\n</html>\n";
}

void write_json_data(std::ostream& out, const std::string& id, const nlohmann::json& data) {
  // Invalid UTF-8 in a name becomes U+FFFD rather than an exception.
  const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out << "<script type=\"application/json\" id=\"" << escape(id) << "\">";
  for (char ch : text) {
    if (ch == '<')
      out << "\\u003c";  // only ever inside a JSON string, where \u003c reads back as "<"
    else
      out << ch;
  }
  out << "</script>\n";
}

std::vector<HtmlLink> project_nav(const std::string& project) {
  return {{home_url(), "all projects"},
          {project_url(project), project},
          {regressions_url(project), "regressions"}};
}

}  // namespace perfgate::dashboard
