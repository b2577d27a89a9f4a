#include "report/crossval.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "report/quantity.hpp"

namespace perfgate {
namespace {

// Errors to 3 significant digits; element values to 9, enough to tell two
// floats apart, so a "mismatch" always shows different numbers.
std::string g(double v, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string factor(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, x >= 10 ? "%.1fx" : "%.2fx", x);
  return buf;
}

void line(std::ostream& out, const std::string& key, const std::string& value) {
  out << "  " << key << std::string(key.size() < 13 ? 13 - key.size() : 1, ' ') << value << "\n";
}

std::string element(std::size_t index, double ref, double cand) {
  return "[" + std::to_string(index) + "]: reference " + g(ref, 9) + ", candidate " + g(cand, 9);
}

std::string tolerance_rule(const Tolerance& t) {
  return "|candidate - reference| <= " + g(t.atol, 3) + " + " + g(t.rtol, 3) +
         " * |reference| (numpy.allclose's rule)";
}

void write_outputs(std::ostream& out, const OutputComparison& o, const std::string& description) {
  out << "outputs\n";
  line(out, "elements", std::to_string(o.elements) + " (" + description + ")");
  line(out, "max abs err",
       g(o.max_abs_error, 3) + " at " +
           element(o.worst_index, o.worst_reference, o.worst_candidate));
  line(out, "MSE", g(o.mse, 3));
  line(out, "max rel err", g(o.max_rel_error, 3));
  line(out, "tolerance", tolerance_rule(o.tolerance));
  if (o.match())
    line(out, "verdict", "match: all " + std::to_string(o.elements) + " elements within tolerance");
  else
    line(out, "verdict",
         "MISMATCH: " + std::to_string(o.mismatches) + " of " + std::to_string(o.elements) +
             " elements outside tolerance, first " +
             element(*o.first_mismatch, o.first_mismatch_reference, o.first_mismatch_candidate));
}

void write_speed(std::ostream& out, const CrossvalResult& r) {
  const SpeedComparison& s = *r.speed;
  const Verdict& v = s.verdict;
  out << "\nspeed (wall time of the command, " << v.base.n << " runs per side after " << r.warmup
      << " warm-up, interleaved)\n";
  line(out, "", "reference    candidate");
  const std::string ref_median = format_quantity(v.base.median, "ns");
  line(out, "median",
       ref_median + std::string(ref_median.size() < 13 ? 13 - ref_median.size() : 1, ' ') +
           format_quantity(v.contender.median, "ns"));
  if (v.change) {
    line(out, "change", describe_speedup(*v.change, r.options.confidence));
    line(out, "p",
         format_p(v.change->p_value) + " (Mann-Whitney U, n = " + std::to_string(v.base.n) + "/" +
             std::to_string(v.contender.n) + ")");
  }
  line(out, "status", std::string(to_string(v.status)) + (v.reason.empty() ? "" : ": " + v.reason));
}

}  // namespace

std::string describe_speedup(const Change& c, double confidence) {
  // A ratio (candidate / reference time) in words: "2.31x faster", "1.15x slower".
  const auto words = [](double ratio) {
    return ratio <= 1 ? factor(1 / ratio) + " faster" : factor(ratio) + " slower";
  };
  const std::string level = g(confidence * 100, 3) + " % CI ";
  // The interval's ends in the point estimate's words when both lie on its
  // side of 1; otherwise each end says which way it points.
  std::string interval;
  if (c.ci_high <= 1 && c.ratio <= 1)
    interval = factor(1 / c.ci_high) + " to " + factor(1 / c.ci_low);
  else if (c.ci_low > 1 && c.ratio > 1)
    interval = factor(c.ci_low) + " to " + factor(c.ci_high);
  else
    interval = words(c.ci_low) + " to " + words(c.ci_high);
  return "candidate is " + words(c.ratio) + " (" + level + interval + ")";
}

void write_crossval_text(std::ostream& out, const CrossvalResult& r) {
  out << "reference    " << r.reference.command << "\n";
  out << "candidate    " << r.candidate.command << "\n\n";
  write_outputs(out, r.outputs, r.reference.description);
  if (r.speed) write_speed(out, r);
  if (!r.outputs.match())
    out << "\nThe candidate's output differs from the reference beyond the tolerance: its speed "
           "is not a win until it computes the same numbers.\n";
}

void write_crossval_json(std::ostream& out, const CrossvalResult& r) {
  using nlohmann::json;
  const OutputComparison& o = r.outputs;
  const auto side = [](const CrossvalSide& s) {
    return json{{"command", s.command}, {"output", s.description}};
  };
  json outputs = {{"elements", o.elements},
                  {"atol", o.tolerance.atol},
                  {"rtol", o.tolerance.rtol},
                  {"max_abs_error", o.max_abs_error},
                  {"worst_index", o.worst_index},
                  {"worst_reference", o.worst_reference},
                  {"worst_candidate", o.worst_candidate},
                  {"mse", o.mse},
                  {"max_rel_error", o.max_rel_error},
                  {"mismatches", o.mismatches},
                  {"first_mismatch", nullptr},
                  {"verdict", o.match() ? "match" : "mismatch"}};
  if (o.first_mismatch)
    outputs["first_mismatch"] = {{"index", *o.first_mismatch},
                                 {"reference", o.first_mismatch_reference},
                                 {"candidate", o.first_mismatch_candidate}};
  json doc = {{"schema", "perfgate-crossval/1"},
              {"reference", side(r.reference)},
              {"candidate", side(r.candidate)},
              {"outputs", outputs},
              {"speed", nullptr}};
  if (r.speed) {
    const Verdict& v = r.speed->verdict;
    json speed = {{"warmup", r.warmup},
                  {"order", "interleaved"},
                  {"reference", {{"n", v.base.n}, {"wall_ns", r.speed->reference_wall_ns}}},
                  {"candidate", {{"n", v.contender.n}, {"wall_ns", r.speed->candidate_wall_ns}}},
                  {"status", to_string(v.status)},
                  {"reason", v.reason},
                  {"confidence", r.options.confidence},
                  {"resamples", r.options.resamples},
                  {"seed", r.options.seed}};
    if (v.base.median) speed["reference"]["median_ns"] = *v.base.median;
    if (v.contender.median) speed["candidate"]["median_ns"] = *v.contender.median;
    if (v.change)
      speed["change"] = {{"ratio", v.change->ratio},
                         {"ci_low", v.change->ci_low},
                         {"ci_high", v.change->ci_high},
                         {"p_value", v.change->p_value},
                         {"method",
                          "ratio of medians candidate/reference, percentile bootstrap "
                          "interval, two-sided Mann-Whitney U"}};
    doc["speed"] = speed;
  }
  out << doc.dump(2) << "\n";
}

}  // namespace perfgate
