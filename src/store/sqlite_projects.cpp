// Projects and API tokens in the SQLite store (store/project.hpp; tables of
// schema version 2).
#include "model/error.hpp"
#include "store/sqlite_store.hpp"

namespace perfgate {
namespace {

Project project_of(const sqlite::Statement& s) {
  Project p;
  p.name = s.text(0);
  p.reads = parse_project_reads(s.text(1)).value_or(ProjectReads::token);  // unknown: the safe side
  p.created_at = s.text(2);
  return p;
}

}  // namespace

void SqliteStore::create_project(const Project& project) {
  require_project_name(project.name);
  try {
    sqlite::Transaction tx(db_);
    auto exists = db_.prepare("SELECT 1 FROM projects WHERE name = ?1");
    exists.bind(1, project.name);
    if (exists.step())
      throw input_error(describe() + ": project " + project.name +
                        " exists already; `perfgate project list` shows the projects");
    db_.prepare("INSERT INTO projects (name, reads, created_at) VALUES (?1, ?2, ?3)")
        .bind(1, project.name)
        .bind(2, to_string(project.reads))
        .bind(3, project.created_at)
        .run();
    tx.commit();
  } catch (const sqlite::Failure& f) {
    write_failed("project " + project.name, f);
  }
}

std::vector<Project> SqliteStore::projects() {
  try {
    auto s = db_.prepare("SELECT name, reads, created_at FROM projects ORDER BY name");
    std::vector<Project> out;
    while (s.step()) out.push_back(project_of(s));
    return out;
  } catch (const sqlite::Failure& f) {
    read_failed(f);
  }
}

std::optional<Project> SqliteStore::find_project(const std::string& name) {
  try {
    auto s = db_.prepare("SELECT name, reads, created_at FROM projects WHERE name = ?1");
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return project_of(s);
  } catch (const sqlite::Failure& f) {
    read_failed(f);
  }
}

std::int64_t SqliteStore::add_token(const ApiToken& token) {
  try {
    sqlite::Transaction tx(db_);
    auto exists = db_.prepare("SELECT 1 FROM projects WHERE name = ?1");
    exists.bind(1, token.project);
    if (!exists.step())
      throw input_error(describe() + ": no project " + token.project +
                        "; `perfgate project create " + token.project + "` makes it");
    auto same = db_.prepare("SELECT 1 FROM tokens WHERE sha256 = ?1");
    same.bind(1, token.sha256);
    if (same.step()) throw input_error(describe() + ": this token is stored already");
    db_.prepare("INSERT INTO tokens (project, prefix, sha256, created_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, token.project)
        .bind(2, token.prefix)
        .bind(3, token.sha256)
        .bind(4, token.created_at)
        .run();
    const std::int64_t id = sqlite3_last_insert_rowid(db_.get());
    tx.commit();
    return id;
  } catch (const sqlite::Failure& f) {
    write_failed("a token of project " + token.project, f);
  }
}

std::vector<ApiToken> SqliteStore::token_rows(const std::string& where, const std::string& value) {
  try {
    auto s = db_.prepare(
        "SELECT id, project, prefix, sha256, created_at, coalesce(revoked_at, '') FROM tokens" +
        where + " ORDER BY id");
    if (!where.empty()) s.bind(1, value);
    std::vector<ApiToken> out;
    while (s.step()) {
      ApiToken t;
      t.id = s.int64(0);
      t.project = s.text(1);
      t.prefix = s.text(2);
      t.sha256 = s.text(3);
      t.created_at = s.text(4);
      t.revoked_at = s.text(5);
      out.push_back(std::move(t));
    }
    return out;
  } catch (const sqlite::Failure& f) {
    read_failed(f);
  }
}

std::vector<ApiToken> SqliteStore::tokens(const std::string& project) {
  return token_rows(project.empty() ? "" : " WHERE project = ?1", project);
}

std::vector<ApiToken> SqliteStore::tokens_with_prefix(const std::string& prefix) {
  return token_rows(" WHERE prefix = ?1", prefix);
}

void SqliteStore::revoke_token(std::int64_t id, const std::string& revoked_at) {
  try {
    db_.prepare("UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")
        .bind(1, id)
        .bind(2, revoked_at)
        .run();
  } catch (const sqlite::Failure& f) {
    write_failed("the revocation of token " + std::to_string(id), f);
  }
}

}  // namespace perfgate
