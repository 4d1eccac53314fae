// The HTTP server's registry of live connections: shutdown's bookkeeping across threads.

#include "http/session_registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace bb::http {
namespace {

struct FakeSession {};
using Registry = SessionRegistry<FakeSession>;

TEST(SessionRegistry, OnEmptyRunsAtOnceWhenNoSessionIsLive) {
  Registry registry;
  int runs = 0;
  auto live = registry.BeginShutdown([&] { ++runs; });
  EXPECT_TRUE(live.empty());
  EXPECT_EQ(runs, 1);
}

TEST(SessionRegistry, OnEmptyRunsOnceWhenTheLastLiveSessionLeaves) {
  Registry registry;
  auto first = std::make_shared<FakeSession>();
  auto second = std::make_shared<FakeSession>();
  ASSERT_TRUE(registry.Add(first));
  ASSERT_TRUE(registry.Add(second));
  int runs = 0;
  auto live = registry.BeginShutdown([&] { ++runs; });
  EXPECT_EQ(live.size(), 2u);
  EXPECT_FALSE(registry.Add(std::make_shared<FakeSession>()));
  registry.Remove(first.get());
  EXPECT_EQ(runs, 0);
  registry.Remove(second.get());
  EXPECT_EQ(runs, 1);
  registry.Remove(second.get());
  EXPECT_EQ(runs, 1);
}

TEST(SessionRegistry, DisarmedOnEmptyNeverRuns) {
  Registry registry;
  auto session = std::make_shared<FakeSession>();
  ASSERT_TRUE(registry.Add(session));
  int runs = 0;
  registry.BeginShutdown([&] { ++runs; });
  registry.Disarm();
  registry.Remove(session.get());
  EXPECT_EQ(runs, 0);
}

// Regression (CI, 2026-12-07): AddressSanitizer found a use after free of the server's strand. The
// writer thread dropped a session's last reference during shutdown, and `on_empty` posted to the
// I/O context. Its threads finished and the server was destroyed (Disarm, then the I/O context)
// while that post had not returned. Disarm must wait for an `on_empty` already running.
//
// Here `on_empty` runs on another thread and waits (up to a bound) for Disarm to return. A Disarm
// that does not wait returns at once and is seen; one that waits lets the bound run out first.
TEST(SessionRegistry, DisarmWaitsForAnOnEmptyRunningOnAnotherThread) {
  Registry registry;
  auto session = std::make_shared<FakeSession>();
  ASSERT_TRUE(registry.Add(session));

  std::mutex mutex;
  std::condition_variable changed;
  bool on_empty_started = false;
  bool disarm_returned = false;
  bool disarm_returned_while_on_empty_ran = false;
  registry.BeginShutdown([&] {
    std::unique_lock lock(mutex);
    on_empty_started = true;
    changed.notify_all();
    disarm_returned_while_on_empty_ran =
        changed.wait_for(lock, std::chrono::milliseconds(300), [&] { return disarm_returned; });
  });

  std::thread writer([&] { registry.Remove(session.get()); });
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return on_empty_started; });
  }
  registry.Disarm();
  {
    std::lock_guard lock(mutex);
    disarm_returned = true;
    changed.notify_all();
  }
  writer.join();
  EXPECT_FALSE(disarm_returned_while_on_empty_ran);
}

}  // namespace
}  // namespace bb::http
