#include "store/sqlite_schema.hpp"

#include <string>

#include "store/schema.hpp"

namespace perfgate::sqlite {

void migrate(Connection& db) {
  for (const schema::Migration& m : schema::migrations()) {
    if (db.query_int("PRAGMA user_version") >= m.version) continue;
    Transaction tx(db);
    // Another process may have migrated while this one waited for the lock.
    if (db.query_int("PRAGMA user_version") >= m.version) continue;
    db.exec(schema::render(m, schema::sqlite_dialect));
    if (m.version == 1) {
      db.exec("PRAGMA application_id = " + std::to_string(perfgate_application_id));
    }
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
  }
}

}  // namespace perfgate::sqlite
