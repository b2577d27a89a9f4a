// A fixed pool of worker threads for the kernels' data parallelism.
#pragma once

#include <cstddef>
#include <functional>

namespace llm {

class ThreadPool {
 public:
  // threads >= 1; the calling thread is one of them (threads - 1 workers start).
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned size() const;
  // Splits [0, n) into at most size() contiguous chunks, runs fn(begin, end)
  // on each, and returns when all are done. Not re-entrant.
  void for_range(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn);

 private:
  struct State;
  State* state_;
};

}  // namespace llm
