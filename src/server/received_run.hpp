// The run a POST /api/v1/runs body holds (docs/api.md, "Pushing a run"): a
// perfgate result file is stored as it is (its id, times and environment:
// it is a run already, pushed from where it was measured), anything the
// adapters read becomes a new run, as `perfgate ingest FILE` would make it,
// except that the server knows nothing of the machine it ran on.
#pragma once

#include <string>

#include "model/run.hpp"

namespace perfgate::server {

// The body and the query parameters that shape the run.
struct Upload {
  std::string body;
  std::string format = "auto";  // auto, perfgate, or an adapter's name
  std::string branch;           // git branch: fills a result file's when it has none
  std::string commit;           // git commit (hex): likewise
  std::string label;            // suite name of a run read by an adapter (default: the format)
  std::string run_id;  // the id of a run read by an adapter, so that its retries are idempotent
};

// The name messages give the body ("request body:3:7: expected ...").
inline constexpr const char* upload_origin = "request body";

// Reads the upload into a run. `received_at`: UTC ISO 8601, the start and end
// time of a run read by an adapter. Throws perfgate::Error (exit 2: the
// server's 400) with the reader's message when the body cannot be read, and
// when a parameter contradicts the result file or is malformed.
Run run_from_upload(const Upload& upload, const std::string& received_at);

// "2026-11-24T10:00:00.123Z" -> "20261124T100000.123Z", as run ids begin.
std::string compact_time(const std::string& iso);

}  // namespace perfgate::server
