// The kernels' thread pool: threads - 1 workers started once, woken per
// for_range through a condition variable; the calling thread runs chunk 0.

#include "llm/parallel.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace llm {

struct ThreadPool::State {
  unsigned threads = 1;
  std::mutex mutex;
  std::condition_variable work_ready;  // a new job (generation) or stop
  std::condition_variable work_done;   // pending reached 0
  // The current job, valid while pending > 0; guarded by mutex.
  const std::function<void(std::size_t, std::size_t)>* fn = nullptr;
  std::size_t n = 0;
  std::size_t chunks = 0;
  std::size_t pending = 0;  // worker chunks not yet finished
  std::uint64_t generation = 0;
  std::exception_ptr error;  // the first exception a worker's chunk threw
  bool stopping = false;
  std::vector<std::thread> workers;

  // Chunk c of [0, n) split into `chunks` near-equal contiguous parts.
  static std::size_t bound(std::size_t n, std::size_t chunks, std::size_t c) {
    return static_cast<std::size_t>(static_cast<unsigned __int128>(n) * c / chunks);
  }

  void work(unsigned index) {
    std::uint64_t seen = 0;
    std::unique_lock lock(mutex);
    for (;;) {
      work_ready.wait(lock, [&] { return stopping || generation != seen; });
      if (stopping) return;
      seen = generation;
      if (index >= chunks) continue;  // this job has fewer chunks than threads
      const auto* job = fn;
      const std::size_t begin = bound(n, chunks, index), end = bound(n, chunks, index + 1);
      lock.unlock();
      std::exception_ptr thrown;
      try {
        (*job)(begin, end);
      } catch (...) {
        thrown = std::current_exception();
      }
      lock.lock();
      if (thrown && !error) error = thrown;
      if (--pending == 0) work_done.notify_one();
    }
  }
};

ThreadPool::ThreadPool(unsigned threads) : state_(new State) {
  if (threads == 0) {
    delete state_;
    throw std::invalid_argument("ThreadPool: threads must be at least 1 (got 0)");
  }
  state_->threads = threads;
  state_->workers.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i)
    state_->workers.emplace_back([s = state_, i] { s->work(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->work_ready.notify_all();
  for (auto& worker : state_->workers) worker.join();
  delete state_;
}

unsigned ThreadPool::size() const { return state_->threads; }

void ThreadPool::for_range(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn) {
  if (n == 0) return;
  const std::size_t chunks = std::min<std::size_t>(state_->threads, n);
  if (chunks == 1) {
    fn(0, n);
    return;
  }
  {
    std::lock_guard lock(state_->mutex);
    state_->fn = &fn;
    state_->n = n;
    state_->chunks = chunks;
    state_->pending = chunks - 1;
    state_->error = nullptr;
    ++state_->generation;
  }
  state_->work_ready.notify_all();

  std::exception_ptr mine;
  try {
    fn(0, State::bound(n, chunks, 1));
  } catch (...) {
    mine = std::current_exception();
  }
  std::exception_ptr theirs;
  {
    std::unique_lock lock(state_->mutex);
    state_->work_done.wait(lock, [&] { return state_->pending == 0; });
    theirs = state_->error;
    state_->fn = nullptr;
  }
  if (mine) std::rethrow_exception(mine);
  if (theirs) std::rethrow_exception(theirs);
}

}  // namespace llm
