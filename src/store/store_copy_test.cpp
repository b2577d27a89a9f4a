// copy_runs (`perfgate store copy`) into each backend, from SQLite: oldest
// first, whole runs, nothing copied twice.
#include <gtest/gtest.h>

#include "model/run_testing.hpp"
#include "store/copy_runs.hpp"
#include "store/testing/store_backends.hpp"
#include "support/expect_error.hpp"

namespace perfgate {
namespace {

using test_support::expect_same_run;
using test_support::make_full_run;
using test_support::make_minimal_run;

class StoreCopyTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { PERFGATE_MAKE_BACKEND(backend_); }
  std::unique_ptr<test_support::StoreBackend> backend_;
  test_support::SqliteBackend source_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreCopyTest, ::testing::ValuesIn(test_support::all_backends),
                         [](const auto& info) { return std::string(info.param); });

TEST_P(StoreCopyTest, EveryRunIsCopiedOldestFirstAndOnlyOnce) {
  auto from = open_store(source_.url());
  from->save(make_full_run("one"));
  from->save(make_minimal_run("two"));
  from->save(make_full_run("three"));
  auto to = open_store(backend_->url());
  to->save(make_minimal_run("two"));  // there already: left as it is

  std::vector<std::int64_t> seen;
  const CopyCount first =
      copy_runs(*from, *to, [&](const CopyCount& n) { seen.push_back(n.copied + n.present); });
  EXPECT_EQ(first.runs, 3);
  EXPECT_EQ(first.copied, 2);
  EXPECT_EQ(first.present, 1);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3}));

  const auto stored = to->list();  // newest first
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[0].run_id, "three");
  EXPECT_EQ(stored[1].run_id, "one");
  EXPECT_EQ(stored[2].run_id, "two");
  expect_same_run(make_full_run("one"), to->load(stored[1].id).value());
  expect_same_run(make_full_run("three"), to->load(stored[0].id).value());

  const CopyCount again = copy_runs(*from, *to);
  EXPECT_EQ(again.copied, 0);
  EXPECT_EQ(again.present, 3);
  EXPECT_EQ(to->count(), 3);
}

TEST_P(StoreCopyTest, LocalRunsGoIntoTheProjectAskedForAndOthersKeepTheirs) {
  auto from = open_store(source_.url());
  from->create_project({"api", ProjectReads::open, "t"});
  from->save(make_minimal_run("local"));
  from->save(make_minimal_run("of-api"), "api");
  auto to = open_store(backend_->url());

  // The project must exist in the destination: nothing is copied before.
  const std::string missing =
      test_support::input_error_message([&] { copy_runs(*from, *to, {}, "web"); });
  EXPECT_NE(missing.find("no project web to copy the runs saved without a project into; "
                         "`perfgate project create web --store " +
                         to->describe() + "` makes it"),
            std::string::npos)
      << missing;
  EXPECT_EQ(to->count(), 0);

  to->create_project({"web", ProjectReads::open, "t"});
  const CopyCount n = copy_runs(*from, *to, {}, "web");
  EXPECT_EQ(n.copied, 2);
  const auto stored = to->list();  // newest first
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].run_id, "of-api");
  EXPECT_EQ(stored[0].project, "api");
  EXPECT_EQ(stored[1].run_id, "local");
  EXPECT_EQ(stored[1].project, "web");
  // The dashboard's reads find the local run in its new project.
  const std::vector<NamedSeries> web = to->project_series("web", 0);
  ASSERT_EQ(web.size(), 1u);
  ASSERT_EQ(web[0].points.size(), 1u);
  EXPECT_EQ(web[0].points[0].run_id, "local");
  EXPECT_TRUE(to->project_series("", 0).empty());
}

}  // namespace
}  // namespace perfgate
