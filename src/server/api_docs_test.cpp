// docs/api.md's examples, sent to a live server over a fixed store: each
// request block is sent as written and the reply must have the status, the
// headers and the JSON shape of the response block after it. What the docs
// show is what the server answers.
//
// The blocks (```http): a request is "METHOD TARGET", header lines, a blank
// line and the body; a response is "HTTP/1.1 STATUS REASON", header lines, a
// blank line and the JSON body. In a response body, keys left out and arrays
// cut short are not checked, a string "..." matches any value, and a string
// ending in "..." any string that starts with what comes before.
//
// PERFGATE_API_DOCS_PRINT=1 prints every actual reply instead of checking,
// to write the docs from.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "server/testing/live_server.hpp"

namespace perfgate {
namespace {

using test_support::LiveServer;
using test_support::Reply;
using test_support::sample_run;

// The tokens the docs show. Fixed, so that the examples can be sent as
// written; the store keeps only their hashes, like any token's.
constexpr const char* web_token = "pgt_PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA_2O7";
constexpr const char* private_token = "pgt_6UMFxFkM_R5Kjp1vRt-1fjORS_6ilI8ihN5KXSc7Tvo";

struct Block {
  std::size_t line = 0;  // 1-based, of the opening fence
  std::vector<std::string> lines;
};

struct Example {
  Block request, response;
};

std::vector<Block> http_blocks(const std::string& text) {
  std::vector<Block> out;
  std::istringstream in(text);
  std::string line;
  std::size_t n = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++n;
    if (!open && line == "```http") {
      out.push_back({n, {}});
      open = &out.back();
    } else if (open && line == "```") {
      open = nullptr;
    } else if (open) {
      open->lines.push_back(line);
    }
  }
  return out;
}

// Splits "Name: value" lines (until a blank line) from the body after them.
void split(const Block& b, std::vector<std::pair<std::string, std::string>>& headers,
           std::string& body) {
  std::size_t i = 1;
  for (; i < b.lines.size() && !b.lines[i].empty(); ++i) {
    const std::size_t colon = b.lines[i].find(": ");
    if (colon != std::string::npos)
      headers.emplace_back(b.lines[i].substr(0, colon), b.lines[i].substr(colon + 2));
  }
  for (++i; i < b.lines.size(); ++i) body += b.lines[i] + "\n";
}

// Whether `actual` has the shape and values `doc` shows (see the top).
void expect_shape(const nlohmann::json& doc, const nlohmann::json& actual,
                  const std::string& where) {
  if (doc.is_string()) {
    const std::string d = doc.get<std::string>();
    if (d == "...") return;
    if (d.size() > 3 && d.ends_with("...")) {
      EXPECT_TRUE(actual.is_string() &&
                  actual.get<std::string>().starts_with(d.substr(0, d.size() - 3)))
          << where << ": " << actual.dump();
      return;
    }
  }
  if (doc.is_object()) {
    ASSERT_TRUE(actual.is_object()) << where << ": " << actual.dump();
    for (const auto& [key, value] : doc.items()) {
      ASSERT_TRUE(actual.contains(key)) << where << "." << key << " is missing";
      expect_shape(value, actual[key], where + "." + key);
    }
    return;
  }
  if (doc.is_array()) {
    ASSERT_TRUE(actual.is_array()) << where << ": " << actual.dump();
    ASSERT_LE(doc.size(), actual.size()) << where;
    for (std::size_t i = 0; i < doc.size(); ++i)
      expect_shape(doc[i], actual[i], where + "[" + std::to_string(i) + "]");
    return;
  }
  if (doc.is_number() && actual.is_number()) {
    EXPECT_DOUBLE_EQ(doc.get<double>(), actual.get<double>()) << where;
    return;
  }
  EXPECT_EQ(doc, actual) << where;
}

class ApiDocs : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream f(PERFGATE_SOURCE_DIR "/docs/api.md");
    std::stringstream s;
    s << f.rdbuf();
    const std::vector<Block> blocks = http_blocks(s.str());
    for (std::size_t i = 0; i + 1 < blocks.size(); ++i) {
      if (blocks[i].lines.empty() || blocks[i].lines[0].starts_with("HTTP/")) continue;
      ASSERT_TRUE(!blocks[i + 1].lines.empty() && blocks[i + 1].lines[0].starts_with("HTTP/1.1 "))
          << "docs/api.md:" << blocks[i].line << ": a request block is not followed by a response";
      examples_.push_back({blocks[i], blocks[i + 1]});
      ++i;
    }

    // The fixed store: two projects, a token each, and the runs of project
    // web the examples read (gemm_128 about 30 % slower from the fifth run).
    const std::string url = "sqlite:" + store_.path();
    test_support::make_project(url, "web");
    test_support::make_project(url, "private", ProjectReads::token);
    test_support::add_token(url, "web", web_token);
    test_support::add_token(url, "private", private_token);
    auto store = open_store(url);
    const std::vector<std::vector<double>> samples_us = {
        {100.0, 101.0, 99.0, 100.5, 99.5},   {101.0, 100.0, 102.0, 100.5, 99.0},
        {99.0, 100.5, 100.0, 101.5, 98.5},   {100.0, 99.5, 101.0, 100.5, 100.0},
        {130.0, 131.0, 129.0, 130.5, 128.5}, {129.5, 130.0, 131.5, 129.0, 130.5},
        {130.5, 129.0, 130.0, 131.0, 129.5}, {131.0, 130.0, 130.5, 129.5, 131.5}};
    for (std::size_t i = 0; i < samples_us.size(); ++i) {
      const std::string n = std::to_string(i + 1);
      const std::string commit = std::string(7, static_cast<char>('a' + i % 6)) + "0000" + n;
      std::vector<double> ns;
      for (double us : samples_us[i]) ns.push_back(us * 1000);
      store->save(sample_run("20261124T10000" + n + ".000Z-" + commit.substr(0, 7),
                             "2026-11-24T10:00:0" + n + ".000Z", ns, commit, "main"),
                  "web");
    }
    server_ = std::make_unique<LiveServer>(url);
  }

  test_support::SqliteBackend store_;
  std::vector<Example> examples_;
  std::unique_ptr<LiveServer> server_;
};

TEST_F(ApiDocs, EveryExampleGetsTheReplyTheDocsShow) {
  ASSERT_GE(examples_.size(), 10u) << "docs/api.md has too few examples";
  const bool print = std::getenv("PERFGATE_API_DOCS_PRINT") != nullptr;
  for (const Example& e : examples_) {
    const std::string where = "docs/api.md:" + std::to_string(e.request.line);
    std::istringstream first(e.request.lines[0]);
    std::string method, target;
    first >> method >> target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    split(e.request, headers, body);
    httplib::Headers request_headers(headers.begin(), headers.end());
    const Reply reply = server_->send(method, target, body, request_headers);

    if (print) {
      std::cout << "=== " << where << " " << method << " " << target << "\nHTTP/1.1 "
                << reply.status << "\n";
      for (const auto& [k, v] : reply.headers)
        if (k != "Content-Length" && k != "Keep-Alive") std::cout << k << ": " << v << "\n";
      std::cout << "\n" << reply.body << "\n";
      continue;
    }
    std::istringstream status_line(e.response.lines[0]);
    std::string http;
    int status = 0;
    status_line >> http >> status;
    EXPECT_EQ(reply.status, status)
        << where << " " << method << " " << target << ": " << reply.body;
    std::vector<std::pair<std::string, std::string>> expected_headers;
    std::string expected_body;
    split(e.response, expected_headers, expected_body);
    for (const auto& [name, value] : expected_headers)
      EXPECT_EQ(reply.header(name), value) << where << ": header " << name;
    const nlohmann::json doc = nlohmann::json::parse(expected_body, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << where << ": the response block's body is not JSON";
    const nlohmann::json actual = nlohmann::json::parse(reply.body, nullptr, false);
    ASSERT_FALSE(actual.is_discarded()) << where << ": the reply is not JSON: " << reply.body;
    expect_shape(doc, actual, where);
  }
}

}  // namespace
}  // namespace perfgate
