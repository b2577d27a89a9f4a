// `perfgate store copy` and `perfgate store migrate`, and the PostgreSQL
// store through the CLI, on a real, throw-away PostgreSQL server
// (tests/support/postgres_cluster.hpp): runs ingested into SQLite, copied to
// PostgreSQL, read back by `runs`, `compare` and `history` exactly as from
// SQLite; copying again copies nothing; a server that is not there is exit 2
// on one line.
#include <filesystem>
#include <string>

#include "../support/postgres_cluster.hpp"
#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

class StoreCopy : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    PERFGATE_POSTGRES_OR_SKIP(cluster_);
    url_ = cluster_->url(cluster_->create_database());
  }

  // Ingests a CSV run whose "sort" takes about `sort_ns` into sqlite:runs.db.
  void ingest(int i, int sort_ns) {
    std::string csv = "benchmark,metric,value,unit\n";
    for (int j = 0; j < 6; ++j) {
      csv += "sort,time," + std::to_string(sort_ns + j) + ",ns\n";
      csv += "hash,time," + std::to_string(500 + (j * 7) % 5) + ",ns\n";
    }
    const std::string name = "run" + std::to_string(i) + ".csv";
    write(name, csv);
    Result r = perfgate("ingest " + name + " --store sqlite:runs.db -q -o run" + std::to_string(i) +
                        ".json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // `out` with every mention of the PostgreSQL store written as the SQLite one.
  std::string as_sqlite(std::string out) const {
    for (std::size_t at = out.find(url_); at != std::string::npos; at = out.find(url_, at))
      out.replace(at, url_.size(), "sqlite:runs.db");
    return out;
  }

  test_support::PostgresCluster* cluster_ = nullptr;
  std::string url_;
};

TEST_F(StoreCopy, CopiedRunsReadBackFromPostgresqlAsFromSqlite) {
  ingest(1, 1000);
  ingest(2, 1010);
  ingest(3, 1300);

  Result copy = perfgate("store copy --from sqlite:runs.db --to " + url_);
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  EXPECT_EQ(copy.out, "copied 3 of 3 runs from sqlite:runs.db to " + url_ + "\n");

  for (const std::string verb :
       {"runs", "runs --format json", "compare latest~1 latest", "compare 1 latest --format json",
        "history sort", "history sort --format csv"}) {
    SCOPED_TRACE(verb);
    const Result lite = perfgate(verb + " --store sqlite:runs.db");
    const Result pg = perfgate(verb + " --store " + url_);
    EXPECT_EQ(pg.exit_code, lite.exit_code) << pg.err;
    EXPECT_FALSE(lite.out.empty());
    EXPECT_EQ(as_sqlite(pg.out), lite.out);
    EXPECT_EQ(as_sqlite(pg.err), lite.err);
  }
}

TEST_F(StoreCopy, CopyingAgainCopiesOnlyWhatIsNew) {
  ingest(1, 1000);
  ingest(2, 1010);
  ASSERT_EQ(perfgate("store copy --from sqlite:runs.db --to " + url_).exit_code, 0);

  Result again = perfgate("store copy --from sqlite:runs.db --to " + url_);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "copied 0 of 2 runs from sqlite:runs.db to " + url_ +
                           "; 2 were there already (same run id), left as they are\n");

  ingest(3, 1020);
  Result more = perfgate("store copy --from sqlite:runs.db --to " + url_);
  ASSERT_EQ(more.exit_code, 0) << more.err;
  EXPECT_EQ(more.out, "copied 1 of 3 runs from sqlite:runs.db to " + url_ +
                          "; 2 were there already (same run id), left as they are\n");
  EXPECT_EQ(perfgate("runs --format json --store " + url_).out,
            perfgate("runs --format json --store sqlite:runs.db").out);

  // And back: PostgreSQL to a new SQLite file holds the same runs.
  Result back = perfgate("store copy --from " + url_ + " --to sqlite:back.db");
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(perfgate("runs --format json --store sqlite:back.db").out,
            perfgate("runs --format json --store sqlite:runs.db").out);
}

TEST_F(StoreCopy, MigrateCreatesANewStoreThenHasNothingToDo) {
  Result first = perfgate("store migrate --store " + url_);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, url_ + ": new store created at schema version 3\n");
  Result second = perfgate("store migrate --store " + url_);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out,
            url_ + ": at schema version 3, the newest this perfgate knows; nothing to migrate\n");
  Result runs = perfgate("runs --store " + url_);
  EXPECT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_EQ(runs.out, "no runs in " + url_ + " yet; run `perfgate run SUITE` first\n");
}

TEST_F(StoreCopy, AServerThatIsNotThereOrABadUrlIsExitTwoOnOneLine) {
  // Port 1 on the loopback: nothing listens there.
  for (const std::string& verb :
       {std::string("runs --store postgresql://perfgate:hunter22@127.0.0.1:1/perf"),
        std::string("store copy --from postgresql://perfgate:hunter22@127.0.0.1:1/perf --to "
                    "sqlite:x.db"),
        std::string("store migrate --store 'postgresql://perfgate:hunter22@127.0.0.1:nan/perf'")}) {
    SCOPED_TRACE(verb);
    const Result r = perfgate(verb);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_EQ(r.err.rfind("perfgate: postgresql://perfgate@127.0.0.1:", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("cannot connect to the PostgreSQL store"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;  // one line
    EXPECT_EQ(r.err.find("hunter22"), std::string::npos) << r.err;
  }

  Result missing = perfgate("store copy --from sqlite:none.db --to " + url_);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("sqlite:none.db: no store here yet"), std::string::npos)
      << missing.err;
}

// A machine's history joining a team's store: no PostgreSQL needed.
class StoreCopyLocal : public Cli {};

TEST_F(StoreCopyLocal, ProjectPutsRunsSavedWithoutOneIntoAnExistingProject) {
  write("run.csv", "benchmark,metric,value,unit\nsort,time,1000,ns\nsort,time,1010,ns\n");
  Result ingest = perfgate("ingest run.csv --store sqlite:mine.db -q -o run.json");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;

  Result bad = perfgate("store copy --from sqlite:mine.db --to sqlite:team.db --project 'a b'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "perfgate: \"a b\" cannot name a project: use 1 to 64 letters, digits, '.', '_' or "
            "'-', starting with a letter or digit\n");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "team.db"));  // nothing made for a bad name

  Result missing = perfgate("store copy --from sqlite:mine.db --to sqlite:team.db --project web");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err,
            "perfgate: sqlite:team.db: no project web to copy the runs saved without a project "
            "into; `perfgate project create web --store sqlite:team.db` makes it\n");

  ASSERT_EQ(perfgate("project create web --store sqlite:team.db").exit_code, 0);
  Result copy = perfgate("store copy --from sqlite:mine.db --to sqlite:team.db --project web");
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  EXPECT_EQ(copy.out,
            "copied 1 of 1 runs from sqlite:mine.db to sqlite:team.db (runs saved without a "
            "project into web)\n");
  Result runs = perfgate("runs --store sqlite:team.db --format json");
  EXPECT_NE(runs.out.find("\"project\": \"web\""), std::string::npos) << runs.out;
  Result text = perfgate("runs --store sqlite:team.db --color never");
  EXPECT_NE(text.out.find("project"), std::string::npos) << text.out;
  // A machine's own store has no projects, and no column for them.
  Result mine = perfgate("runs --store sqlite:mine.db --color never");
  EXPECT_EQ(mine.out.find("project"), std::string::npos) << mine.out;
}

}  // namespace
}  // namespace perfgate::e2e
