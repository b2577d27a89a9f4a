// open_store: the store URL, as written after --store, to a Store.
#include <filesystem>
#include <string_view>

#include "model/error.hpp"
#include "store/postgres_store.hpp"
#include "store/postgres_url.hpp"
#include "store/sqlite_store.hpp"
#include "store/store.hpp"

namespace perfgate {

std::unique_ptr<Store> open_store(const std::string& url, bool create_if_missing) {
  std::string_view u = url;
  if (pg::is_postgres_url(u)) return std::make_unique<PostgresStore>(url, create_if_missing);
  if (u.starts_with("sqlite:")) {
    u.remove_prefix(7);
    if (u.starts_with("//")) u.remove_prefix(2);  // sqlite:///abs/path.db
  } else if (u.find("://") != std::string_view::npos) {
    // Not repeated whole: a URL of another kind may carry a password too.
    throw input_error(std::string(u.substr(0, u.find("://") + 3)) +
                      "...: unknown kind of store; write sqlite:PATH, a file path, or "
                      "postgresql://USER@HOST:PORT/DATABASE");
  }
  if (u.empty()) {
    throw input_error(url + ": no store path; write sqlite:PATH, e.g. " +
                      std::string(default_store_url));
  }
  if (!create_if_missing && !std::filesystem::exists(std::string(u)))
    throw input_error("sqlite:" + std::string(u) +
                      ": no store here yet; `perfgate run SUITE` creates it, or pass --store "
                      "with the path of an existing store");
  return std::make_unique<SqliteStore>(std::string(u));
}

}  // namespace perfgate
