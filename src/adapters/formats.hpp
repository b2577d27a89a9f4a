// The adapters' entry points, one namespace per format (one .cpp file each),
// gathered by registry.cpp. Internal to the adapters layer.
#pragma once

#include "adapters/adapter.hpp"

#define PERFGATE_ADAPTER(ns)              \
  namespace perfgate::adapters::ns {      \
  Match detect(const Input& input);       \
  Parsed read(const Input& input);        \
  }

PERFGATE_ADAPTER(gbench)
PERFGATE_ADAPTER(criterion)
PERFGATE_ADAPTER(hyperfine)
PERFGATE_ADAPTER(pytest_benchmark)
PERFGATE_ADAPTER(catch2)
PERFGATE_ADAPTER(nanobench)
PERFGATE_ADAPTER(llama_bench)
PERFGATE_ADAPTER(ggml_ops)
PERFGATE_ADAPTER(vllm)
PERFGATE_ADAPTER(csv)
PERFGATE_ADAPTER(perfgate_result)

#undef PERFGATE_ADAPTER
