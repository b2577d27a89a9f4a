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
// `local_newest`: the id of the newest run saved without a project (a local
// `perfgate run` or `ingest` into this store), empty when there is none: the
// page says such runs are not served and how to push them into a project, so
// that a store of local runs does not look empty for no reason.
void write_home_page(const std::vector<ProjectListing>& projects, const std::string& local_newest,
                     std::ostream& out);

}  // namespace perfgate::dashboard
