#include "server/store_pool.hpp"

#include <functional>

#include "model/error.hpp"
#include "server/api_error.hpp"

namespace perfgate::server {

// The backend behind a guard: every call that fails marks the store failed
// and rethrows as StoreUnavailable, naming the store (its description never
// holds a password).
class GuardedStore final : public Store {
 public:
  explicit GuardedStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}
  bool failed() const { return failed_; }

  using Store::save;
  std::int64_t save(const Run& run, const std::string& project) override {
    return guard([&] { return inner_->save(run, project); });
  }
  std::vector<StoredRunSummary> list(int limit) override {
    return guard([&] { return inner_->list(limit); });
  }
  std::optional<Run> load(std::int64_t id) override {
    return guard([&] { return inner_->load(id); });
  }
  std::vector<StoredRunSummary> find(const RunFilter& filter, int limit, int offset) override {
    return guard([&] { return inner_->find(filter, limit, offset); });
  }
  std::int64_t count() override {
    return guard([&] { return inner_->count(); });
  }
  std::vector<std::string> recent_commits(int limit) override {
    return guard([&] { return inner_->recent_commits(limit); });
  }
  std::vector<std::string> recent_branches(int limit) override {
    return guard([&] { return inner_->recent_branches(limit); });
  }
  std::vector<std::string> benchmark_names(const std::optional<std::string>& project) override {
    return guard([&] { return inner_->benchmark_names(project); });
  }
  std::vector<MetricInfo> benchmark_metrics(const std::string& benchmark,
                                            const std::optional<std::string>& project) override {
    return guard([&] { return inner_->benchmark_metrics(benchmark, project); });
  }
  std::vector<SeriesPoint> series(const SeriesQuery& query) override {
    return guard([&] { return inner_->series(query); });
  }
  std::vector<NamedSeries> project_series(const std::string& project, int last) override {
    return guard([&] { return inner_->project_series(project, last); });
  }
  std::string describe() const override { return inner_->describe(); }
  int schema_version_at_open() const override { return inner_->schema_version_at_open(); }
  void create_project(const Project& project) override {
    guard([&] {
      inner_->create_project(project);
      return 0;
    });
  }
  std::vector<Project> projects() override {
    return guard([&] { return inner_->projects(); });
  }
  std::optional<Project> find_project(const std::string& name) override {
    return guard([&] { return inner_->find_project(name); });
  }
  std::int64_t add_token(const ApiToken& token) override {
    return guard([&] { return inner_->add_token(token); });
  }
  std::vector<ApiToken> tokens(const std::string& project) override {
    return guard([&] { return inner_->tokens(project); });
  }
  std::vector<ApiToken> tokens_with_prefix(const std::string& prefix) override {
    return guard([&] { return inner_->tokens_with_prefix(prefix); });
  }
  void revoke_token(std::int64_t id, const std::string& revoked_at) override {
    guard([&] {
      inner_->revoke_token(id, revoked_at);
      return 0;
    });
  }

 private:
  template <typename F>
  auto guard(F&& f) -> decltype(f()) {
    try {
      return f();
    } catch (const std::exception& e) {
      failed_ = true;
      throw StoreUnavailable(e.what());
    }
  }

  std::unique_ptr<Store> inner_;
  bool failed_ = false;
};

StorePool::StorePool(std::string url) : url_(std::move(url)) {
  auto first = std::make_unique<GuardedStore>(open_store(url_, /*create_if_missing=*/true));
  description_ = first->describe();
  idle_.push_back(std::move(first));
}

StorePool::~StorePool() = default;

StorePool::Lease StorePool::lease() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<GuardedStore> store = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(store));
    }
  }
  // Opened outside the lock: connecting may take a while, and other
  // requests should not wait for it.
  try {
    return Lease(*this,
                 std::make_unique<GuardedStore>(open_store(url_, /*create_if_missing=*/false)));
  } catch (const std::exception& e) {
    throw StoreUnavailable(e.what());
  }
}

void StorePool::discard_idle() {
  std::vector<std::unique_ptr<GuardedStore>> closing;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing.swap(idle_);
  }
}  // closed here, outside the lock

void StorePool::give_back(std::unique_ptr<GuardedStore> store) {
  if (!store || store->failed()) return;  // closed here; the next lease reconnects
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(store));
}

StorePool::Lease::Lease(StorePool& pool, std::unique_ptr<GuardedStore> store)
    : pool_(&pool), store_(std::move(store)) {}
StorePool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), store_(std::move(other.store_)) {}
StorePool::Lease::~Lease() {
  if (store_) pool_->give_back(std::move(store_));
}
Store& StorePool::Lease::operator*() const { return *store_; }
Store* StorePool::Lease::operator->() const { return store_.get(); }

}  // namespace perfgate::server
