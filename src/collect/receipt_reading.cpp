#include "collect/receipt_reading.hpp"

#include <filesystem>
#include <system_error>

#include "model/error.hpp"

namespace perfgate {

void clear_receipt(const BenchmarkSpec& spec) {
  if (spec.receipt.empty()) return;
  std::error_code ignored;  // absent is the usual case; a real problem shows when reading
  std::filesystem::remove(spec.receipt, ignored);
}

ReceiptReading read_receipt(const BenchmarkSpec& spec) {
  ReceiptReading out;
  ReceiptData receipt;
  try {
    receipt = load_receipt(spec.receipt);
  } catch (const Error& e) {
    out.why_not = std::string("receipt: ") + e.what();
    return out;
  }
  out.metrics = receipt_metrics(receipt);
  for (const ReceiptMetric& m : out.metrics) {
    bool taken = builtin::find(m.info.name).has_value();
    for (const DeclaredMetric& d : spec.metrics) taken = taken || d.info.name == m.info.name;
    if (taken) {
      out.why_not = "receipt: " + spec.receipt + ": figure '" + m.info.name +
                    "' has the name of a built-in or declared metric; rename one of them";
      return out;
    }
  }
  out.findings = strict_findings(receipt, spec.receipt_rules);
  out.data = std::move(receipt);
  out.ok = true;
  return out;
}

}  // namespace perfgate
