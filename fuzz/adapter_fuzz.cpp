// libFuzzer entry for one adapter, chosen at compile time:
// PERFGATE_FUZZ_ADAPTER is its --format name ("gbench"), or "auto" for the
// detection over every adapter that `perfgate ingest` does without --format;
// PERFGATE_FUZZ_FOLDER is 1 for adapters that read a folder (the input is
// then unpacked into one, see folder_image.hpp).
//
// Each input goes the way `perfgate ingest` takes it, and these are findings
// (the process aborts, libFuzzer saves the input and exits non-zero):
//   - a crash, a hang, running out of memory, or a sanitizer report;
//   - detect() throwing anything (it must never throw);
//   - reading throwing anything but perfgate::Error (the uncaught exception
//     terminates at the throw, so the stack trace shows where);
//   - a perfgate::Error whose message does not start with "<path>:" (or, for
//     a folder, "<path>/" and a file in it) or is longer than one line (every
//     message names the input and the place);
//   - a successful read whose run cannot be written as a result file and read
//     back (perfgate would store a run that it cannot load).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "adapters/adapter.hpp"
#include "adapters/ingest.hpp"
#include "folder_image.hpp"
#include "model/error.hpp"
#include "model/run_json.hpp"

#ifndef PERFGATE_FUZZ_ADAPTER
#error "define PERFGATE_FUZZ_ADAPTER as an adapter's --format name, or \"auto\""
#endif
#ifndef PERFGATE_FUZZ_FOLDER
#define PERFGATE_FUZZ_FOLDER 0
#endif

namespace {

using namespace perfgate;

constexpr std::string_view format = PERFGATE_FUZZ_ADAPTER;
constexpr bool folder_input = PERFGATE_FUZZ_FOLDER != 0;

const adapters::Adapter* adapter = nullptr;  // nullptr for "auto"
std::filesystem::path folder_root;           // where folder inputs are unpacked
bool verbose = false;                        // PERFGATE_FUZZ_VERBOSE=1: say what each input gave

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "\n==perfgate fuzz_%s== FINDING: %s\n", PERFGATE_FUZZ_ADAPTER, what.c_str());
  std::fflush(stderr);
  std::abort();
}

void remove_folder_root() {
  std::error_code ec;
  std::filesystem::remove_all(folder_root.parent_path(), ec);
}

adapters::Input make_input(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!folder_input) return adapters::Input{"fuzz-input", false, std::string(bytes)};
  if (!fuzz::write_folder_image(fuzz::unpack_folder_image(bytes), folder_root)) {
    std::fprintf(stderr, "fuzz_%s: cannot write %s\n", PERFGATE_FUZZ_ADAPTER, folder_root.c_str());
    std::exit(1);  // the machine's problem, not the adapter's: not a finding
  }
  return adapters::Input{folder_root.string(), true, ""};
}

void check_message(const Error& e, const adapters::Input& input) {
  const std::string_view message = e.what();
  // A folder's messages may name a file inside it: "<folder>/a/new/sample.json:1:2: ...".
  if (!message.starts_with(input.path + ":") &&
      !(input.is_directory && message.starts_with(input.path + "/"))) {
    finding("the error message does not start with the input's path \"" + input.path +
            ":\": " + std::string(message));
  }
  if (message.find('\n') != std::string_view::npos) {
    finding("the error message is more than one line: " + std::string(message));
  }
}

// What `perfgate ingest` does next with a run it read: write it as a result
// file (the store keeps the same document), which must read back.
void check_result_file(Run run) {
  run.id = "20260101T000000Z-fuzz";
  run.started_at = run.finished_at = "2026-01-01T00:00:00Z";
  run.suite_name = "fuzz";
  const std::string text = run_to_json(run);
  try {
    run_from_json(text, "result file");
  } catch (const Error& e) {
    finding(std::string("the run read from this input cannot be read back from its result file: ") +
            e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* v = std::getenv("PERFGATE_FUZZ_VERBOSE");
  verbose = v && *v && std::string_view(v) != "0";
  if (format != "auto") {
    adapter = adapters::find(format);
    if (!adapter) {
      std::fprintf(stderr, "fuzz_%s: no adapter of that name; the registry has: %s\n",
                   PERFGATE_FUZZ_ADAPTER, adapters::names().c_str());
      std::exit(1);
    }
  }
  if (folder_input) {
    std::error_code ec;
    std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
    if (ec) tmp = "/tmp";
    folder_root = tmp /
                  ("perfgate-fuzz-" + std::string(format) + "-" + std::to_string(::getpid())) /
                  std::string(format);
    std::atexit(remove_folder_root);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const adapters::Input input = make_input(data, size);
  // detect() must never throw: no handler here, so an exception is a finding.
  // Auto-detection asks every adapter, so fuzz_detect checks all of them.
  if (adapter) {
    (void)adapter->detect(input);
  } else {
    for (const adapters::Adapter& a : adapters::all()) (void)a.detect(input);
  }
  Run run;
  try {
    run = adapters::ingest({input}, std::string(format));
  } catch (const Error& e) {
    if (verbose) std::fprintf(stderr, "perfgate fuzz: rejected: %s\n", e.what());
    check_message(e, input);
    return 0;
  }
  if (verbose) {
    std::fprintf(stderr, "perfgate fuzz: read %zu benchmarks as %s\n", run.benchmarks.size(),
                 run.source.c_str());
  }
  check_result_file(std::move(run));
  return 0;
}
