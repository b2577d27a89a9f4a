// PostgreSQL store URLs: what is printed never holds the password, and what
// libpq gets has a connect timeout. No server needed.
#include "store/postgres_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "store/postgres_connection.hpp"

namespace perfgate::pg {
namespace {

TEST(PostgresUrlTest, BothSchemesArePostgresAndNothingElseIs) {
  EXPECT_TRUE(is_postgres_url("postgresql://h/db"));
  EXPECT_TRUE(is_postgres_url("postgres://h/db"));
  EXPECT_FALSE(is_postgres_url("sqlite:postgres.db"));
  EXPECT_FALSE(is_postgres_url("postgresql:h"));
}

TEST(PostgresUrlTest, RedactLeavesOutThePasswordAndKeepsEverythingElse) {
  EXPECT_EQ(redact("postgresql://ci:s3cret@db.example:5433/perf"),
            "postgresql://ci@db.example:5433/perf");
  EXPECT_EQ(redact("postgres://ci@db.example/perf"), "postgres://ci@db.example/perf");
  EXPECT_EQ(redact("postgresql://:s3cret@h/perf"), "postgresql://h/perf");
  EXPECT_EQ(redact("postgresql://ci:p@ss/w@h/perf"), "postgresql://ci@h/perf");
  EXPECT_EQ(redact("postgresql://ci:p@ss@h/perf"), "postgresql://ci@h/perf");
  EXPECT_EQ(redact("postgresql://h/perf?password=s3cret&sslmode=require"),
            "postgresql://h/perf?sslmode=require");
  EXPECT_EQ(redact("postgresql://h/perf?sslmode=require&password=s3cret"),
            "postgresql://h/perf?sslmode=require");
  EXPECT_EQ(redact("postgresql://u:s3cret@h?password=x"), "postgresql://u@h");
  EXPECT_EQ(redact("postgresql:///perf?host=/run/postgresql"),
            "postgresql:///perf?host=/run/postgresql");
  EXPECT_EQ(redact("postgresql://[::1]:5432/perf"), "postgresql://[::1]:5432/perf");
}

TEST(PostgresUrlTest, PasswordOfFindsItInTheUserPartOrTheParameters) {
  EXPECT_EQ(password_of("postgresql://ci:s3cret@h/perf"), "s3cret");
  EXPECT_EQ(password_of("postgresql://ci:p@ss@h/perf"), "p@ss");
  EXPECT_EQ(password_of("postgresql://h/perf?a=1&password=s3cret"), "s3cret");
  EXPECT_EQ(password_of("postgresql://ci@h/perf"), "");
}

TEST(PostgresUrlTest, ConnectionStringAddsATimeoutAndANameUnlessTheUrlSetsThem) {
  EXPECT_EQ(connection_string("postgresql://h/perf"),
            "postgresql://h/perf?connect_timeout=10&fallback_application_name=perfgate");
  EXPECT_EQ(connection_string("postgresql://h/perf?sslmode=require"),
            "postgresql://h/perf?sslmode=require&connect_timeout=10&"
            "fallback_application_name=perfgate");
  EXPECT_EQ(connection_string("postgresql://h/perf?"),
            "postgresql://h/perf?connect_timeout=10&fallback_application_name=perfgate");
  EXPECT_EQ(connection_string("postgresql://h/perf?connect_timeout=3"),
            "postgresql://h/perf?connect_timeout=3&fallback_application_name=perfgate");
}

TEST(PostgresUrlTest, ServerMessagesBecomeOneLineWithoutNoiseOrPassword) {
  const std::runtime_error multi(
      "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
      "\tIs the server running on that host and accepting TCP/IP connections?\n");
  EXPECT_EQ(one_line(multi, ""),
            "connection to server at \"127.0.0.1\", port 1 failed: Connection refused; Is the "
            "server running on that host and accepting TCP/IP connections?");
  const std::runtime_error raised(
      "ERROR:  injected failure\nHINT:  do not inject\nCONTEXT:  PL/pgSQL function f() line 1 "
      "at RAISE\nCOPY failures, line 1: \"2\tgemm\"\n");
  EXPECT_EQ(one_line(raised, ""), "injected failure; HINT:  do not inject");
  const std::runtime_error syntax("ERROR:  syntax error at or near \"x\"\nLINE 1: x\n        ^\n");
  EXPECT_EQ(one_line(syntax, ""), "syntax error at or near \"x\"");
  const std::runtime_error leaky("FATAL:  password \"s3cret\" is wrong for s3cret");
  EXPECT_EQ(one_line(leaky, "s3cret"), "password \"***\" is wrong for ***");
}

TEST(PostgresUrlTest, NumbersGoOutAsTextThatReadsBackExactly) {
  EXPECT_EQ(number(0.1), "0.1");
  EXPECT_EQ(number(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(number(-0.0), "-0");
  EXPECT_EQ(number(5e-324), "5e-324");
  EXPECT_EQ(number(std::int64_t{-42}), "-42");
  EXPECT_EQ(like_prefix("a%b_c\\d"), "a\\%b\\_c\\\\d%");
}

}  // namespace
}  // namespace perfgate::pg
