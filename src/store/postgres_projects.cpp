// Projects and API tokens in the PostgreSQL store (store/project.hpp; tables
// of schema version 2), as sqlite_projects.cpp keeps them in SQLite.
#include "model/error.hpp"
#include "store/postgres_connection.hpp"
#include "store/postgres_store.hpp"

namespace perfgate {

void PostgresStore::create_project(const Project& project) {
  require_project_name(project.name);
  try {
    pqxx::work tx(db_->get());
    // ON CONFLICT: two perfgates making one project at once, one wins.
    const pqxx::result made =
        pg::exec(tx,
                 "INSERT INTO projects (name, reads, created_at) VALUES ($1, $2, $3) "
                 "ON CONFLICT (name) DO NOTHING RETURNING name",
                 {project.name, std::string(to_string(project.reads)), project.created_at});
    if (made.empty())
      throw input_error(where_ + ": project " + project.name +
                        " exists already; `perfgate project list` shows the projects");
    tx.commit();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    failed("cannot save project " + project.name, e, "nothing was saved");
  }
}

std::vector<Project> PostgresStore::project_rows(const std::string& where,
                                                 const std::string& value) {
  try {
    pqxx::nontransaction tx(db_->get());
    pg::Params params;
    if (!where.empty()) params.push_back(value);
    std::vector<Project> out;
    for (const auto& row :
         pg::exec(tx, "SELECT name, reads, created_at FROM projects" + where + " ORDER BY name",
                  params)) {
      Project p;
      p.name = row[0].c_str();
      p.reads = parse_project_reads(row[1].c_str()).value_or(ProjectReads::token);
      p.created_at = row[2].c_str();
      out.push_back(std::move(p));
    }
    return out;
  } catch (const std::exception& e) {
    failed("cannot read the store", e);
  }
}

std::vector<Project> PostgresStore::projects() { return project_rows("", ""); }

std::optional<Project> PostgresStore::find_project(const std::string& name) {
  std::vector<Project> found = project_rows(" WHERE name = $1", name);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::int64_t PostgresStore::add_token(const ApiToken& token) {
  try {
    pqxx::work tx(db_->get());
    if (pg::exec(tx, "SELECT 1 FROM projects WHERE name = $1", {token.project}).empty())
      throw input_error(where_ + ": no project " + token.project + "; `perfgate project create " +
                        token.project + "` makes it");
    const pqxx::result made =
        pg::exec(tx,
                 "INSERT INTO tokens (project, prefix, sha256, created_at) VALUES ($1, $2, $3, $4) "
                 "ON CONFLICT (sha256) DO NOTHING RETURNING id",
                 {token.project, token.prefix, token.sha256, token.created_at});
    if (made.empty()) throw input_error(where_ + ": this token is stored already");
    const std::int64_t id = pg::to_int64(made[0][0]);
    tx.commit();
    return id;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    failed("cannot save a token of project " + token.project, e, "nothing was saved");
  }
}

std::vector<ApiToken> PostgresStore::token_rows(const std::string& where,
                                                const std::string& value) {
  try {
    pqxx::nontransaction tx(db_->get());
    pg::Params params;
    if (!where.empty()) params.push_back(value);
    std::vector<ApiToken> out;
    for (const auto& row : pg::exec(tx,
                                    "SELECT id, project, prefix, sha256, created_at, "
                                    "coalesce(revoked_at, '') FROM tokens" +
                                        where + " ORDER BY id",
                                    params)) {
      ApiToken t;
      t.id = pg::to_int64(row[0]);
      t.project = row[1].c_str();
      t.prefix = row[2].c_str();
      t.sha256 = row[3].c_str();
      t.created_at = row[4].c_str();
      t.revoked_at = row[5].c_str();
      out.push_back(std::move(t));
    }
    return out;
  } catch (const std::exception& e) {
    failed("cannot read the store", e);
  }
}

std::vector<ApiToken> PostgresStore::tokens(const std::string& project) {
  return token_rows(project.empty() ? "" : " WHERE project = $1", project);
}

std::vector<ApiToken> PostgresStore::tokens_with_prefix(const std::string& prefix) {
  return token_rows(" WHERE prefix = $1", prefix);
}

void PostgresStore::revoke_token(std::int64_t id, const std::string& revoked_at) {
  try {
    pqxx::work tx(db_->get());
    pg::exec(tx, "UPDATE tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
             {pg::number(id), revoked_at});
    tx.commit();
  } catch (const std::exception& e) {
    failed("cannot revoke token " + std::to_string(id), e, "nothing was changed");
  }
}

}  // namespace perfgate
