// Several inputs become one run (`perfgate ingest a.json b.json ...`): each
// input is one invocation of the tool, so its samples are appended to the
// benchmark's repetitions, and a tool that prints one figure per benchmark per
// invocation yields one sample per input.
#pragma once

#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "model/run.hpp"

namespace perfgate::adapters {

// Reads `path` (a file, or a folder for formats that are folders) into an Input.
// Throws input_error naming the path when it cannot be read.
Input load_input(const std::string& path);

// Reads every input with the adapter `format` ("auto": detected per input)
// and merges them into one run: benchmarks in first-seen order, metrics
// united (a metric whose unit or direction differs between inputs is an
// error naming both inputs), repetitions appended with fresh indices.
//
// Metrics given only as summaries: with one input they stay summaries; with
// several, each input's mean becomes one sample (five llama-bench invocations
// give five samples), carried by that input's first repetition of the
// benchmark or by a new repetition when the input had no raw samples.
//
// Fills benchmarks, sources and source ("perfgate ingest (gbench)"); the
// caller fills id, times, environment and git.
Run ingest(const std::vector<Input>& inputs, const std::string& format);

}  // namespace perfgate::adapters
