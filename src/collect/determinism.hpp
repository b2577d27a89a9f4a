// The determinism check of a command benchmark (suite key `determinism`,
// docs/formats.md): the declared outputs (stdout, files) of its first N
// successful measured repetitions must be identical, byte for byte.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/suite.hpp"

namespace perfgate {

// Removes the declared output files before a repetition, so that a file left
// by an earlier repetition (or run) never passes as this one's output.
void clear_determinism_outputs(const BenchmarkSpec& spec);

// The declared outputs of one repetition, in the order of spec.determinism->outputs.
struct CapturedOutputs {
  bool ok = false;
  std::string why_not;  // when !ok: one line naming the output that could not be read
  std::vector<std::string> bytes;
};

// Reads the declared outputs after a repetition whose process succeeded.
// A declared file that is missing or unreadable is not ok.
CapturedOutputs capture_outputs(const BenchmarkSpec& spec, const std::string& stdout_text);

// Compares each checked repetition's outputs with the first one's. Keeps the
// first repetition's bytes (not only a hash) so that a difference can be shown.
class DeterminismCheck {
 public:
  explicit DeterminismCheck(const DeterminismSpec& spec) : spec_(spec) {}

  // Whether the next successful repetition is one of the checked ones.
  bool wants_more() const { return checked_ < spec_.runs; }

  // Takes the outputs of successful repetition `index`. Returns the failure
  // ("not deterministic: ...") when they differ from the first checked
  // repetition's, nothing when they match.
  std::optional<std::string> take(int index, CapturedOutputs outputs);

  int checked() const { return checked_; }
  // {"checked": N, "outputs": [...], "digest": "fnv1a64:<16 hex>"}: the digest
  // is over every output of the first repetition, each preceded by its size.
  std::string context_json() const;

 private:
  const DeterminismSpec& spec_;
  int checked_ = 0;
  int first_index_ = 0;
  std::vector<std::string> first_;
};

// Where two outputs first differ, for a message: "at byte 1234: 0x3f vs 0x40
// (bytes 1226..1241: ... vs ...)" for a file, "at line 3: \"a\" vs \"b\"" for
// stdout. `a_rep` and `b_rep` are the repetitions' indexes. Empty when equal.
std::string describe_difference(const std::string& output, const std::string& a,
                                const std::string& b, int a_rep, int b_rep);

}  // namespace perfgate
