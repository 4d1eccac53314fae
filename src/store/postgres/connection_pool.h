#pragma once
// A fixed-size pool of PostgreSQL connections, opened on demand. A lost connection is dropped when
// it is handed back, and the next Acquire opens a fresh one, so the pool reconnects by itself
// after the server restarts.
//
// Thread-safety: every method may be called from any thread.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/postgres/connection.h"

namespace bb::store::postgres {

class ConnectionPool {
 public:
  // A connection lent by the pool; handed back when destroyed.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) pool_->Release(std::move(connection_));
    }
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  ConnectionPool(std::string url, std::size_t size, std::chrono::milliseconds acquire_timeout, int connect_timeout_s)
      : url_(std::move(url)), size_(size), acquire_timeout_(acquire_timeout), connect_timeout_s_(connect_timeout_s) {}

  // An idle connection, or a new one while fewer than `size` are open; otherwise waits up to the
  // acquire timeout for one to come back. kUnavailable when none comes back in time, when the
  // server cannot be reached, or after Close.
  Result<Lease> Acquire();
  // Closes the idle connections and refuses new leases; leased ones close when handed back.
  void Close();

 private:
  void Release(std::unique_ptr<Connection> connection);

  const std::string url_;
  const std::size_t size_;
  const std::chrono::milliseconds acquire_timeout_;
  const int connect_timeout_s_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle and leased
  bool closed_ = false;
};

}  // namespace bb::store::postgres
