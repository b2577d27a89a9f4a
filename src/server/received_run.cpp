#include "server/received_run.hpp"

#include <cstdio>

#include "adapters/adapter.hpp"
#include "adapters/ingest.hpp"
#include "model/error.hpp"
#include "model/run_json.hpp"
#include "server/api_token.hpp"

namespace perfgate::server {
namespace {

bool is_hex(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

bool is_perfgate_result(const adapters::Input& input, const std::string& format) {
  if (format == "perfgate") return true;
  if (format != "auto") return false;
  const adapters::Adapter* pg = adapters::find("perfgate");
  return pg && pg->detect(input) == adapters::Match::yes;
}

// Fills `field` from the parameter when the file has none; a parameter that
// contradicts the file is refused rather than silently making another run.
void fill_in(std::string& field, const std::string& param, const char* name) {
  if (param.empty() || field == param) return;
  if (field.empty()) {
    field = param;
    return;
  }
  throw input_error(std::string(upload_origin) + ": the result file says " + name + " " + field +
                    ", the request " + name + "=" + param + "; drop " + name +
                    "= or push the result file of that " + name);
}

}  // namespace

std::string compact_time(const std::string& iso) {
  std::string out;
  for (char c : iso)
    if (c != '-' && c != ':') out += c;
  return out;
}

Run run_from_upload(const Upload& upload, const std::string& received_at) {
  if (upload.body.empty())
    throw input_error(std::string(upload_origin) +
                      ": empty; send a perfgate result file, or a file `perfgate ingest` reads "
                      "(Google Benchmark JSON, hyperfine, ...), as the request body");
  if (!upload.commit.empty() && !is_hex(upload.commit))
    throw input_error(
        "commit=" + upload.commit +
        ": not a commit SHA (hexadecimal); pass the SHA the results were measured at");
  if (!upload.run_id.empty() && upload.run_id.find('/') != std::string::npos)
    throw input_error("run_id=" + upload.run_id + ": a run id cannot hold '/'");
  adapters::Input input{upload_origin, false, upload.body, "format="};

  Run run;
  if (is_perfgate_result(input, upload.format)) {
    run = run_from_json(upload.body, upload_origin);
    if (run.id.empty() || run.id.find('/') != std::string::npos)
      throw input_error(std::string(upload_origin) + ": the run id \"" + run.id +
                        "\" cannot be stored by the server (empty, or holds '/')");
    if (!upload.run_id.empty() && upload.run_id != run.id)
      throw input_error("run_id=" + upload.run_id + ": the result file's run id is " + run.id +
                        "; drop run_id= (a result file keeps its own id)");
    fill_in(run.environment.git.branch, upload.branch, "branch");
    fill_in(run.environment.git.commit, upload.commit, "commit");
    return run;
  }

  run = adapters::ingest({input}, upload.format);
  run.source = "perfgate serve (" + run.sources.front().format + ")";
  run.started_at = run.finished_at = received_at;
  run.suite_name = upload.label.empty() ? run.sources.front().format : upload.label;
  run.environment.git.commit = upload.commit;
  run.environment.git.branch = upload.branch;
  // Unique even for two uploads of one commit in the same millisecond (the
  // body's hash); a client that retries passes run_id to make it idempotent.
  run.id = !upload.run_id.empty()
               ? upload.run_id
               : compact_time(received_at) + "-" +
                     (upload.commit.empty() ? std::string("nogit") : upload.commit.substr(0, 7)) +
                     "-" + sha256_hex(upload.body).substr(0, 8);
  return run;
}

}  // namespace perfgate::server
