#include "store/postgres/connection_pool.h"

namespace bb::store::postgres {

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    std::unique_lock lock(mutex_);
    bool available =
        returned_.wait_for(lock, acquire_timeout_, [this] { return closed_ || !idle_.empty() || open_ < size_; });
    if (closed_) return Error(ErrorCode::kUnavailable, "The database is closing.");
    if (!available) {
      return Error(ErrorCode::kUnavailable,
                   "All " + std::to_string(size_) + " database connections stayed busy (database.pool_size).");
    }
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
    ++open_;  // reserved while connecting, outside the lock
  }
  auto opened = Connection::Open(url_, connect_timeout_s_);
  if (!opened.ok()) {
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    returned_.notify_one();
    return opened.error();
  }
  return Lease(*this, std::move(*opened));
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    // A connection that is lost, or left inside a transaction by a failure, is not lent again
    // (it is closed below, outside the lock).
    if (closed_ || connection->Broken() || connection->InTransaction()) {
      --open_;
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  returned_.notify_one();
}

void ConnectionPool::Close() {
  std::vector<std::unique_ptr<Connection>> closing;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    open_ -= idle_.size();
    closing.swap(idle_);
  }
  returned_.notify_all();
}

}  // namespace bb::store::postgres
