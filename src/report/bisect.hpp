// What `perfgate bisect` found (cli/cmd_bisect.cpp), as text for a person or
// JSON for a CI job (docs/ab.md, "Bisect").
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyze/compare.hpp"

namespace perfgate {

struct BisectRevision {
  std::string revision;  // as asked: "v1.2", "HEAD~7"
  std::string commit;    // its full hash
  std::string subject;   // "f349c8e change 5": short hash and subject
};

struct BisectStep {
  std::string commit, subject;
  std::string mark;  // "good", "bad", "skip"; "" when it stayed inconclusive
  Verdict verdict;
};

enum class BisectOutcome {
  found,              // the first bad commit is named (exit 0)
  not_slower,         // bad is not slower than good: nothing to bisect (exit 1)
  hidden_by_skipped,  // commits that could not be built or run hide it (exit 1)
  inconclusive,       // a step stayed inconclusive: not named rather than guessed (exit 1)
};

struct BisectReport {
  std::string benchmark, metric;
  double threshold = 0;  // the warning limit, a fraction
  int measurements = 1;  // the most times one step is measured (--remeasure + 1)
  BisectRevision good, bad;
  Verdict confirm;  // bad against good
  std::vector<BisectStep> steps;
  BisectOutcome outcome = BisectOutcome::not_slower;
  std::string first_bad;  // found: the commit (a step's, when it was measured)
  std::string first_bad_subject;
  std::string candidates;  // hidden_by_skipped: git bisect's words, listing them
};

// One verdict's evidence on one line: "+4.4 % [+1.0 %, +4.9 %], 114 pairs, warning".
std::string bisect_evidence(const Verdict& v);

void write_bisect_text(const BisectReport& r, std::ostream& out);
// {benchmark, metric, threshold, method, good, bad, confirm, steps, outcome,
// first_bad, message}; each verdict as the comparison JSON writes it.
void write_bisect_json(const BisectReport& r, std::ostream& out);

}  // namespace perfgate
