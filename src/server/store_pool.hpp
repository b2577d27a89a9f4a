// Store connections for the server's worker threads. A Store is one
// connection and is used by one thread at a time, so each request leases one
// from a small pool (opened on first need, at most as many as worker threads
// ever hold at once) and gives it back at the end.
//
// A leased store is guarded: whatever the backend throws (perfgate::Error or
// anything else) leaves it as StoreUnavailable, so the error mapping answers
// 503 + Retry-After for the store's failures and keeps 4xx for the client's
// (api_error.hpp). A store that failed is not given back but closed, and the
// next request opens a fresh connection: after the database went away and
// came back, requests succeed again without restarting the server.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace perfgate::server {

class GuardedStore;

class StorePool {
 public:
  // Opens the store once (creating and migrating it, as `perfgate serve`
  // needs it to exist), so that a wrong URL fails at start: perfgate::Error
  // (exit 2) as open_store throws it.
  explicit StorePool(std::string url);
  ~StorePool();
  StorePool(const StorePool&) = delete;
  StorePool& operator=(const StorePool&) = delete;

  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<GuardedStore> store);
    ~Lease();
    Lease(Lease&&) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Store& operator*() const;
    Store* operator->() const;

   private:
    StorePool* pool_;
    std::unique_ptr<GuardedStore> store_;
  };

  // A store for this request: an idle one, or a new connection. Throws
  // StoreUnavailable when a new one cannot be opened.
  Lease lease();

  // Closes every idle store: after one failed, the others may be dead too
  // (the database restarted), and the next leases connect anew.
  void discard_idle();

  // The store's description (no password), for the log and messages.
  const std::string& describe() const { return description_; }

 private:
  void give_back(std::unique_ptr<GuardedStore> store);

  std::string url_;
  std::string description_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<GuardedStore>> idle_;
};

}  // namespace perfgate::server
