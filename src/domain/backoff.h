#pragma once
// When to try a failed delivery again: a schedule of delays (Standard Webhooks' retry schedule) or
// an exponential one, spread by jitter so that many items failing at once do not come back at
// once. Pure arithmetic on values; the caller supplies the randomness, so tests choose it.
//
// Thread-safety: immutable after construction; share freely.

#include <optional>
#include <vector>

#include "common/clock.h"

namespace bb::domain {

class Backoff {
 public:
  // The delays after the 1st, 2nd, ... failed attempt, in order; after the last, no more attempts.
  static Backoff Schedule(std::vector<Duration> delays, double jitter);
  // `first` after the first failure, multiplied by `factor` after each further one, at most `cap`;
  // never exhausted (the caller's horizon ends it).
  static Backoff Exponential(Duration first, double factor, Duration cap, double jitter);

  // The delay before the next attempt after `failed_attempts` (>= 1) failures: the planned delay
  // moved by up to ±jitter of itself, `unit_random` in [0, 1) choosing where (0.5: no change).
  // nullopt when a schedule has no further attempt.
  std::optional<Duration> DelayAfter(int failed_attempts, double unit_random) const;

 private:
  Backoff(std::vector<Duration> schedule, Duration first, double factor, Duration cap, double jitter)
      : schedule_(std::move(schedule)), first_(first), factor_(factor), cap_(cap), jitter_(jitter) {}

  std::vector<Duration> schedule_;  // empty: exponential
  Duration first_{};
  double factor_ = 1;
  Duration cap_{};
  double jitter_ = 0;  // in [0, 1)
};

// Standard Webhooks' example schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h after
// the first attempt's failure and each one after it — ten attempts over about 3 days — with ±10%
// jitter.
Backoff WebhookBackoff();

}  // namespace bb::domain
