#include "domain/backoff.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace bb::domain {

namespace {
double ClampJitter(double jitter) { return std::clamp(jitter, 0.0, 0.99); }
}  // namespace

Backoff Backoff::Schedule(std::vector<Duration> delays, double jitter) {
  return Backoff(std::move(delays), Duration{}, 1, Duration{}, ClampJitter(jitter));
}

Backoff Backoff::Exponential(Duration first, double factor, Duration cap, double jitter) {
  return Backoff({}, first, std::max(1.0, factor), std::max(first, cap), ClampJitter(jitter));
}

std::optional<Duration> Backoff::DelayAfter(int failed_attempts, double unit_random) const {
  if (failed_attempts < 1) failed_attempts = 1;
  double planned = 0;  // microseconds
  if (!schedule_.empty()) {
    if (static_cast<std::size_t>(failed_attempts) > schedule_.size()) return std::nullopt;
    planned = static_cast<double>(schedule_[failed_attempts - 1].count());
  } else {
    // first * factor^(n-1), computed in floating point and capped before it can overflow.
    planned = static_cast<double>(first_.count()) * std::pow(factor_, failed_attempts - 1);
    planned = std::min(planned, static_cast<double>(cap_.count()));
  }
  double spread = std::clamp(unit_random, 0.0, 1.0) * 2 - 1;  // [-1, 1]
  double delay = planned * (1 + jitter_ * spread);
  return Duration(static_cast<Duration::rep>(std::max(0.0, delay)));
}

Backoff WebhookBackoff() {
  using std::chrono::hours;
  using std::chrono::minutes;
  using std::chrono::seconds;
  return Backoff::Schedule(
      {seconds(5), minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(14), hours(20), hours(24)}, 0.1);
}

}  // namespace bb::domain
