// Reads the receipt a command benchmark's program writes in each repetition
// (suite key `receipt`, docs/receipts.md): its figures become metrics of the
// repetition, and the strict rules are checked against it.
#pragma once

#include <string>
#include <vector>

#include "model/metric.hpp"
#include "model/receipt.hpp"
#include "model/suite.hpp"

namespace perfgate {

struct ReceiptReading {
  bool ok = false;
  std::string why_not;  // when !ok: one line, e.g. "receipt: r.json: field /x: ..."
  std::vector<ReceiptMetric> metrics;
  std::vector<std::string> findings;  // strict rules broken (docs/receipts.md, "Strict rules")
  ReceiptData data;                   // the receipt as read, when ok
};

// Removes the spec's receipt before a repetition, so that a receipt left by an
// earlier repetition (or an earlier run) is never read as this one's.
void clear_receipt(const BenchmarkSpec& spec);

// Reads and checks the spec's receipt after a repetition whose process exited
// 0. A missing or invalid receipt, or a figure named like a built-in or a
// declared metric, is not ok.
ReceiptReading read_receipt(const BenchmarkSpec& spec);

}  // namespace perfgate
