// perfgate receipt validate FILE...: checks receipts (docs/receipts.md)
// against the schema and, with --strict (or PERFGATE_STRICT=1), the strict
// rules. One line per file, or per strict finding; exit 2 when a receipt is
// not valid, 1 when strict rules fail, else 0.
#include <cstdlib>
#include <iostream>
#include <regex>

#include "cli/common.hpp"
#include "model/error.hpp"
#include "model/receipt.hpp"
#include "model/suite_toml.hpp"
#include "model/units.hpp"

namespace perfgate::cli {
namespace {

struct ReceiptArgs {
  std::vector<std::string> files;
  bool strict = false;
  std::string suite_path;
  std::string benchmark;
  std::vector<std::string> mock_patterns;
  std::vector<std::string> max_bounds, min_bounds;  // "FIGURE=VALUE"
};

// "--max tokens_per_second=150" -> a bound on that figure, added to the suite's.
void add_bounds(const std::vector<std::string>& specs, bool is_max, ReceiptRules& rules) {
  const std::string flag = is_max ? "--max" : "--min";
  for (const std::string& spec : specs) {
    const std::size_t eq = spec.find('=');
    const std::optional<Quantity> q =
        eq == std::string::npos ? std::nullopt : parse_quantity(spec.substr(eq + 1));
    if (eq == 0 || !q || !q->unit.empty())
      throw input_error(flag + " '" + spec + "': expected FIGURE=NUMBER, e.g. " + flag +
                        " tokens_per_second=150 (in the receipt's own unit)");
    PlausibleBound b;
    b.figure = spec.substr(0, eq);
    (is_max ? b.max : b.min) = q->value;
    rules.bounds.push_back(b);
  }
}

// The rules in force: the suite's benchmark's, then --mock-pattern over them.
ReceiptRules rules_of(const ReceiptArgs& a) {
  ReceiptRules rules;
  if (a.suite_path.empty() != a.benchmark.empty())
    throw input_error(
        "receipt validate: --suite and --benchmark go together; give both (the "
        "benchmark whose plausible bounds and mock patterns apply) or neither");
  if (!a.suite_path.empty()) {
    const Suite suite = load_suite(a.suite_path);
    const BenchmarkSpec* found = nullptr;
    std::string names;
    for (const BenchmarkSpec& b : suite.benchmarks) {
      if (b.name == a.benchmark) found = &b;
      names += (names.empty() ? "" : ", ") + b.name;
    }
    if (!found)
      throw input_error(a.suite_path + ": no benchmark named '" + a.benchmark +
                        "'; the benchmarks are " + names);
    rules = found->receipt_rules;
  }
  if (!a.mock_patterns.empty()) {
    for (const std::string& p : a.mock_patterns) {
      try {
        std::regex(p, std::regex::ECMAScript | std::regex::icase);
      } catch (const std::regex_error&) {
        throw input_error("--mock-pattern '" + p +
                          "' is not a valid regular expression; write e.g. --mock-pattern "
                          "'mock|fake'");
      }
    }
    rules.mock_patterns = a.mock_patterns;
  }
  add_bounds(a.max_bounds, true, rules);
  add_bounds(a.min_bounds, false, rules);
  return rules;
}

// "decode: real on cpu, tokens_per_second 95.1 tok/s, ..." : what was read.
std::string describe(const ReceiptData& r) {
  std::string out = r.benchmark + ": " + r.compute_path + " on " + r.backend;
  for (const ReceiptMetric& m : receipt_metrics(r))
    if (m.info.name.find('.') == std::string::npos)
      out += ", " + m.info.name + " " + format_value(m.value, m.info.unit);
  if (r.accuracy)
    out += ", accuracy " + r.accuracy->metric + " " + format_value(r.accuracy->value, "");
  if (!r.digest_value.empty()) out += ", output " + r.digest_algorithm + ":" + r.digest_value;
  return out;
}

int validate_verb(const ReceiptArgs& a) {
  const ReceiptRules rules = rules_of(a);
  const bool strict = strict_receipts(a.strict);
  bool invalid = false, suspicious = false;
  std::vector<ReceiptData> earlier;  // valid receipts so far, for the determinism claim
  for (const std::string& file : a.files) {
    ReceiptData r;
    try {
      r = load_receipt(file);
    } catch (const Error& e) {
      std::cout << "invalid: " << e.what() << "\n";
      invalid = true;
      continue;
    }
    std::vector<std::string> findings = strict_findings(r, rules);
    for (const ReceiptData& e : earlier)
      if (auto why = determinism_contradiction(e, r)) {
        findings.push_back(*why);
        break;
      }
    earlier.push_back(r);
    for (const std::string& f : findings)
      std::cout << (strict ? "suspicious: " : "warning: ") << file << ": " << f << "\n";
    suspicious = suspicious || !findings.empty();
    if (findings.empty() || !strict) std::cout << "ok: " << file << ": " << describe(r) << "\n";
  }
  if (invalid) return static_cast<int>(ExitCode::bad_input);
  if (strict && suspicious) {
    std::cerr << "perfgate: strict rules failed; the figures above are not to be trusted (see "
                 "docs/receipts.md, \"Strict rules\")\n";
    return static_cast<int>(ExitCode::gate_failed);
  }
  return 0;
}

}  // namespace

bool strict_receipts(bool flag) {
  if (flag) return true;
  const char* env = std::getenv("PERFGATE_STRICT");
  if (!env) return false;
  const std::string v = env;
  return !(v.empty() || v == "0" || v == "false" || v == "no");
}

void add_receipt_command(CLI::App& app, Action& action) {
  CLI::App* cmd = app.add_subcommand(
      "receipt", "Check benchmark receipts: the JSON files programs write to back their figures");
  cmd->require_subcommand(1);
  auto args = std::make_shared<ReceiptArgs>();
  CLI::App* validate = cmd->add_subcommand(
      "validate",
      "Check receipts against the schema (exit 2 when one is not valid) and, with --strict, "
      "against the strict rules (exit 1 when one is suspicious)");
  validate->add_option("files", args->files, "Receipt files")->required();
  validate->add_flag("--strict", args->strict,
                     "Apply the strict rules: compute_path real, no mock kernel, plausible "
                     "figures, accuracy within tolerance (also PERFGATE_STRICT=1)");
  validate->add_option("--suite", args->suite_path,
                       "Suite whose benchmark gives plausibility bounds and mock patterns");
  validate->add_option("--benchmark", args->benchmark, "That benchmark's name (with --suite)");
  validate
      ->add_option("--mock-pattern", args->mock_patterns,
                   "A regex (case-insensitive) that marks a kernel name as a mock; replaces "
                   "the defaults mock, fake, dummy, stub, noop, null_backend (repeatable)")
      ->allow_extra_args(false);
  validate
      ->add_option("--max", args->max_bounds,
                   "FIGURE=NUMBER: a plausible maximum, in the receipt's unit (repeatable)")
      ->allow_extra_args(false);
  validate
      ->add_option("--min", args->min_bounds,
                   "FIGURE=NUMBER: a plausible minimum, in the receipt's unit (repeatable)")
      ->allow_extra_args(false);
  validate->callback([args, &action] { action = [args] { return validate_verb(*args); }; });
}

}  // namespace perfgate::cli
