#pragma once
// Time as the whole program sees it: UTC, microsecond precision, read only through a Clock so
// that tests move time instead of sleeping.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace bb {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
using Duration = std::chrono::microseconds;

inline std::int64_t ToMicros(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromMicros(std::int64_t us) { return Timestamp(Duration(us)); }

// The source of the current time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The real wall clock (std::chrono::system_clock).
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that only moves when told to; for tests and for back-dated demo data.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_us_(ToMicros(start)) {}
  Timestamp Now() const override { return FromMicros(now_us_.load()); }
  void Set(Timestamp t) { now_us_.store(ToMicros(t)); }
  void Advance(Duration d) { now_us_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> now_us_;
};

}  // namespace bb
