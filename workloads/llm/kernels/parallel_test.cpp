// The thread pool: every index covered exactly once, in contiguous chunks, by
// a fixed set of threads that includes the caller.

#include "llm/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace llm {
namespace {

struct Coverage {
  std::vector<int> hits;
  std::vector<std::pair<std::size_t, std::size_t>> chunks;
};

Coverage cover(ThreadPool& pool, std::size_t n) {
  Coverage c;
  c.hits.assign(n, 0);
  std::mutex mutex;
  pool.for_range(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) ++c.hits[i];  // chunks are disjoint
    std::lock_guard lock(mutex);
    c.chunks.emplace_back(begin, end);
  });
  return c;
}

class ThreadPoolWith : public ::testing::TestWithParam<unsigned> {};

TEST_P(ThreadPoolWith, ForRangeCoversEveryIndexExactlyOnceInAtMostSizeChunks) {
  ThreadPool pool(GetParam());
  EXPECT_EQ(pool.size(), GetParam());
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{5},
                        std::size_t{7}, std::size_t{8}, std::size_t{9}, std::size_t{1000}}) {
    const Coverage c = cover(pool, n);
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(c.hits[i], 1) << "n=" << n << " i=" << i;
    EXPECT_LE(c.chunks.size(), pool.size()) << "n=" << n;
    EXPECT_LE(c.chunks.size(), n) << "n=" << n << ": no empty chunks";
    for (const auto& [begin, end] : c.chunks) EXPECT_LT(begin, end) << "n=" << n;
  }
}

TEST_P(ThreadPoolWith, ManyCallsInARowEachCompleteBeforeReturning) {
  ThreadPool pool(GetParam());
  std::atomic<std::size_t> total{0};
  for (int call = 0; call < 500; ++call) {
    pool.for_range(17, [&](std::size_t begin, std::size_t end) { total += end - begin; });
    ASSERT_EQ(total.load(), 17u * static_cast<std::size_t>(call + 1)) << "call " << call;
  }
}

TEST_P(ThreadPoolWith, RunsOnTheCallerAndAFixedSetOfThreads) {
  ThreadPool pool(GetParam());
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::set<std::thread::id> ran_first_chunk;
  for (int call = 0; call < 50; ++call) {
    pool.for_range(64, [&](std::size_t begin, std::size_t) {
      std::lock_guard lock(mutex);
      seen.insert(std::this_thread::get_id());
      if (begin == 0) ran_first_chunk.insert(std::this_thread::get_id());
    });
  }
  // No thread is spawned per call: 50 calls used no more threads than the pool has.
  EXPECT_LE(seen.size(), pool.size());
  EXPECT_EQ(ran_first_chunk, std::set<std::thread::id>{std::this_thread::get_id()})
      << "the caller takes a chunk (the first) of every call";
}

TEST_P(ThreadPoolWith, AnExceptionInAChunkReachesTheCallerAndThePoolStaysUsable) {
  ThreadPool pool(GetParam());
  EXPECT_THROW(pool.for_range(100,
                              [](std::size_t begin, std::size_t end) {
                                if (begin <= 99 && 99 < end) throw std::runtime_error("chunk");
                              }),
               std::runtime_error);
  const Coverage c = cover(pool, 10);
  for (int hit : c.hits) EXPECT_EQ(hit, 1);
}

INSTANTIATE_TEST_SUITE_P(Threads, ThreadPoolWith, ::testing::Values(1u, 2u, 3u, 8u));

TEST(ThreadPool, ZeroThreadsIsRejected) { EXPECT_THROW(ThreadPool(0), std::invalid_argument); }

}  // namespace
}  // namespace llm
