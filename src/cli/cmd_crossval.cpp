// perfgate crossval: runs a reference and a candidate command on the same
// inputs, compares their outputs numerically and their speed, in one report
// (docs/crossval.md). Exit 0 when the outputs match, 1 when they differ beyond
// the tolerance, 2 for bad input (files, formats, lengths, NaN), 3 when a
// command fails.
#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "analyze/crossval.hpp"
#include "cli/common.hpp"
#include "collect/process.hpp"
#include "model/arrays.hpp"
#include "model/error.hpp"
#include "model/units.hpp"
#include "report/crossval.hpp"

namespace perfgate::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view placeholder = "{output}";

struct CrossvalArgs {
  std::string reference, candidate;
  std::string output;
  std::string format = "auto";
  double atol = 1e-6, rtol = 1e-4;
  int runs = 10, warmup = 1;
  std::string timeout = "60s";
  std::string report = "text";
};

// A folder of perfgate's own for the sides' {output} files, removed on exit.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "perfgate-crossval-XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
      throw run_error("cannot create a temporary folder in " + fs::temp_directory_path().string());
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// One side as it will run: the shell command with {output} replaced, and the
// file its output is read from.
struct Side {
  std::string label;    // "reference" or "candidate"
  std::string command;  // as given
  ProcessSpec spec;
  std::string output;  // the file the command writes
};

std::string replace_all(std::string s, std::string_view from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// With {output} in the command, each side writes its own file in perfgate's
// temporary folder (the sides can never read each other's output); without,
// the command writes --output itself, and the sides run one after the other.
Side make_side(const std::string& label, const std::string& command, const CrossvalArgs& a,
               ArrayFormat format, const TempDir& tmp, std::chrono::nanoseconds timeout) {
  Side s{label, command, {}, a.output};
  std::string run = command;
  if (command.find(placeholder) != std::string::npos) {
    const std::string ext = !a.output.empty() ? fs::path(a.output).extension().string()
                                              : std::string(extension_of(format));
    s.output = (tmp.path() / (label + ext)).string();
    run = replace_all(command, placeholder, s.output);
  } else if (a.output.empty()) {
    throw input_error("--" + label + " '" + command +
                      "' has no {output} and no --output PATH was given: perfgate cannot know "
                      "where the output is; add {output} to the command or pass --output");
  }
  s.spec.argv = {"/bin/sh", "-c", run};
  s.spec.timeout = timeout;
  return s;
}

// The last few hundred bytes of what a failed command said on stderr.
std::string stderr_tail(const ProcessResult& r) {
  std::string t = r.stderr_text;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  if (t.empty()) return "";
  if (t.size() > 400) t = "..." + t.substr(t.size() - 400);
  return "; its stderr ends: " + t;
}

// Runs a side once. A failure is the command's, never a sample: exit 3.
ProcessResult run_side(const Side& s, const std::string& which) {
  ProcessResult r = run_process(s.spec);
  if (!r.ok())
    throw run_error(s.label + " command (" + which + ") failed: " + r.describe_failure(s.spec) +
                    stderr_tail(r) + "; command: " + s.command);
  return r;
}

NumericArray produce_output(const Side& s, ArrayFormat format) {
  std::error_code ec;
  fs::remove(s.output, ec);  // a file left by an earlier run must never be read as this one's
  run_side(s, "output run");
  if (!fs::exists(s.output))
    throw input_error(s.label + " command exited 0 but wrote no " + s.output +
                      "; command: " + s.command);
  try {
    return read_array_file(s.output, format);
  } catch (const Error& e) {
    // The path may be perfgate's own temporary file: say whose output it was.
    throw Error(e.code(), s.label + " output " + e.what());
  }
}

// Interleaved A B A B: drift in the machine (thermal, other load) lands on
// both sides alike instead of on whichever ran second.
SpeedComparison measure_speed(const Side& ref, const Side& cand, const CrossvalArgs& a,
                              const CompareOptions& options) {
  for (int i = 0; i < a.warmup; ++i) {
    run_side(ref, "warm-up " + std::to_string(i + 1));
    run_side(cand, "warm-up " + std::to_string(i + 1));
  }
  std::vector<double> ref_ns, cand_ns;
  for (int i = 0; i < a.runs; ++i) {
    const std::string which = "run " + std::to_string(i + 1) + " of " + std::to_string(a.runs);
    ref_ns.push_back(static_cast<double>(run_side(ref, which).wall_ns));
    cand_ns.push_back(static_cast<double>(run_side(cand, which).wall_ns));
  }
  return compare_speed(std::move(ref_ns), std::move(cand_ns), options);
}

void check_args(const CrossvalArgs& a) {
  if (a.report != "text" && a.report != "json")
    throw input_error("--report " + a.report + ": use text or json");
  if (a.runs < 0 || a.warmup < 0) throw input_error("--runs and --warmup must be >= 0");
  if (a.runs > 0 && a.runs < 5)
    throw input_error("--runs " + std::to_string(a.runs) +
                      ": at least 5 per side for Mann-Whitney to reach p < 0.05 at all; or "
                      "--runs 0 to compare outputs only");
}

int crossval_verb(const CrossvalArgs& a) {
  check_args(a);
  ArrayFormat format = parse_array_format(a.format);
  if (format == ArrayFormat::automatic && !a.output.empty())
    format = array_format_for_path(a.output);
  if (format == ArrayFormat::automatic)
    throw input_error(
        "--format auto needs --output PATH to tell the format by extension; "
        "pass --format npy, f32, f64, json or text");
  const auto timeout = parse_duration(a.timeout);
  if (!timeout || timeout->count() <= 0)
    throw input_error("--timeout " + a.timeout + ": not a duration; write e.g. 60s or 500ms");

  TempDir tmp;
  const Side ref = make_side("reference", a.reference, a, format, tmp, *timeout);
  const Side cand = make_side("candidate", a.candidate, a, format, tmp, *timeout);

  CrossvalResult result;
  result.reference.command = a.reference;
  result.candidate.command = a.candidate;
  const NumericArray ref_out = produce_output(ref, format);
  const NumericArray cand_out = produce_output(cand, format);
  result.reference.description = ref_out.description;
  result.candidate.description = cand_out.description;
  result.outputs = compare_outputs({"reference output", ref_out.values},
                                   {"candidate output", cand_out.values}, {a.atol, a.rtol});
  result.warmup = a.warmup;
  if (a.runs > 0) result.speed = measure_speed(ref, cand, a, result.options);

  if (a.report == "json")
    write_crossval_json(std::cout, result);
  else
    write_crossval_text(std::cout, result);
  return result.outputs.match() ? 0 : static_cast<int>(ExitCode::gate_failed);
}

}  // namespace

void add_crossval_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CrossvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "crossval",
      "Run a reference and a candidate command on the same inputs; compare their outputs "
      "numerically and their speed.\nExit 0 outputs match, 1 they differ beyond the tolerance, "
      "2 bad input, 3 a command failed (docs/crossval.md)");
  cmd->add_option("--reference", args->reference,
                  "Shell command of the trusted implementation; {output} is replaced by the "
                  "file it must write")
      ->required();
  cmd->add_option("--candidate", args->candidate, "Shell command of the implementation judged")
      ->required();
  cmd->add_option("--output", args->output,
                  "The file a command without {output} writes (read after each side's run); "
                  "its extension also sets the format under --format auto");
  cmd->add_option("--format", args->format, "npy, f32, f64, json, text or auto (by extension)")
      ->capture_default_str();
  cmd->add_option("--atol", args->atol, "Absolute tolerance")->capture_default_str();
  cmd->add_option("--rtol", args->rtol, "Relative tolerance, times |reference|")
      ->capture_default_str();
  cmd->add_option("--runs", args->runs, "Timed runs per side, interleaved (0: outputs only)")
      ->capture_default_str();
  cmd->add_option("--warmup", args->warmup, "Untimed runs per side before timing")
      ->capture_default_str();
  cmd->add_option("--timeout", args->timeout, "Per run of a command")->capture_default_str();
  cmd->add_option("--report", args->report, "text or json")->capture_default_str();
  cmd->callback([args, &action] { action = [args] { return crossval_verb(*args); }; });
}

}  // namespace perfgate::cli
