#include "jobs/periodic_thread.h"

#include "common/thread_name.h"

namespace bb::jobs {

void PeriodicThread::Start(std::string name, std::chrono::milliseconds interval, std::function<void()> pass) {
  thread_ = std::thread([this, name = std::move(name), interval, pass = std::move(pass)] {
    SetCurrentThreadName(name);
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      pass();
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

bool PeriodicThread::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (!thread_.joinable()) return false;
  thread_.join();
  return true;
}

}  // namespace bb::jobs
