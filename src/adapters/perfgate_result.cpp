// perfgate's own result file (docs/formats.md, "Result file"), so that a run
// written elsewhere (another machine, an artifact of a CI job) can be stored.
#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/run_json.hpp"

namespace perfgate::adapters::perfgate_result {

Match detect(const Input& input) {
  if (input.is_directory || first_non_blank(input.content) != '{') return Match::no;
  // The first member perfgate writes; other tools never write it.
  const std::string_view head = std::string_view(input.content).substr(0, 256);
  return head.find("\"schema_version\"") != std::string_view::npos &&
                 input.content.find("\"repetitions\"") != std::string::npos
             ? Match::yes
             : Match::no;
}

Parsed read(const Input& input) {
  Run run = run_from_json(input.content, input.path);
  Parsed parsed;
  parsed.benchmarks = std::move(run.benchmarks);
  json ctx = json::object();
  ctx["id"] = run.id;
  ctx["started_at"] = run.started_at;
  ctx["suite"] = run.suite_name;
  ctx["source"] = run.source;
  ctx["cpu_model"] = run.environment.cpu_model;
  ctx["host_id"] = run.environment.host_id;
  ctx["git_commit"] = run.environment.git.commit;
  parsed.context_json = json_text(ctx);
  return parsed;
}

}  // namespace perfgate::adapters::perfgate_result
