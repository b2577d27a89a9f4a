// The dashboard's first page (/): the projects the server holds.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace perfgate::dashboard {

struct ProjectListing {
  std::string name;
  std::string newest_run;      // the id of its newest run, empty without runs
  std::string newest_started;  // when that run started (UTC)
  bool token_reads = false;    // reading needs the project's token
};

// One <tr data-project="NAME"> per project, linking to its page.
void write_home_page(const std::vector<ProjectListing>& projects, std::ostream& out);

}  // namespace perfgate::dashboard
