#include "domain/visitor_sketch.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

namespace bb::domain {
namespace {

constexpr int kHashBits = 64;
// Register values run from 0 (nothing seen) to kMaxValue: the position of the first 1 bit in the
// hash's 50 bits after the index, or 51 when they are all 0.
constexpr int kMaxValue = kHashBits - VisitorSketch::kPrecision + 1;
constexpr std::size_t kSparseLimit = VisitorSketch::kRegisters / 4;

constexpr std::string_view kDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

constexpr std::array<std::int8_t, 256> DigitValues() {
  std::array<std::int8_t, 256> values{};
  values.fill(-1);
  for (std::size_t i = 0; i < kDigits.size(); ++i)
    values[static_cast<unsigned char>(kDigits[i])] = static_cast<std::int8_t>(i);
  return values;
}
constexpr auto kDigitValues = DigitValues();

int DigitValue(char c) { return kDigitValues[static_cast<unsigned char>(c)]; }

// Ertl's sigma and tau (2017, algorithm 6): the corrections for registers still at 0 and at the
// maximum, each a series summed until it stops changing in double precision.
double Sigma(double x) {
  if (x == 1.0) return std::numeric_limits<double>::infinity();
  double y = 1.0;
  double z = x;
  double previous = 0.0;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (z != previous);
  return z;
}

double Tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1.0;
  double z = 1.0 - x;
  double previous = 0.0;
  do {
    x = std::sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1.0 - x) * (1.0 - x) * y;
  } while (z != previous);
  return z / 3.0;
}

}  // namespace

bool VisitorSketch::Raise(std::size_t index, std::uint8_t value) {
  if (value == 0) return false;
  if (!dense_.empty()) {
    if (dense_[index] >= value) return false;
    dense_[index] = value;
    return true;
  }
  std::uint32_t entry = static_cast<std::uint32_t>(index << 8) | value;
  auto at = std::lower_bound(sparse_.begin(), sparse_.end(), static_cast<std::uint32_t>(index << 8));
  if (at != sparse_.end() && (*at >> 8) == index) {
    if ((*at & 0xff) >= value) return false;
    *at = entry;
    return true;
  }
  sparse_.insert(at, entry);
  if (sparse_.size() >= kSparseLimit) {
    dense_.assign(kRegisters, 0);
    for (std::uint32_t e : sparse_) dense_[e >> 8] = static_cast<std::uint8_t>(e & 0xff);
    sparse_.clear();
    sparse_.shrink_to_fit();
  }
  return true;
}

void VisitorSketch::Add(std::string_view visitor_id) {
  std::uint64_t hash = XXH3_64bits(visitor_id.data(), visitor_id.size());
  std::size_t index = static_cast<std::size_t>(hash >> (kHashBits - kPrecision));
  std::uint64_t rest = hash << kPrecision;  // the other 50 bits, then zeros
  int value = rest == 0 ? kMaxValue : std::countl_zero(rest) + 1;
  Raise(index, static_cast<std::uint8_t>(std::min(value, kMaxValue)));
}

bool VisitorSketch::Merge(const VisitorSketch& other) {
  if (!other.dense_.empty()) {
    if (dense_.empty()) {
      // Fewer registers set here than there: this becomes theirs, with its own raised on top.
      std::vector<std::uint32_t> mine = std::move(sparse_);
      sparse_.clear();
      dense_ = other.dense_;
      for (std::uint32_t e : mine) Raise(e >> 8, static_cast<std::uint8_t>(e & 0xff));
      return true;
    }
    // Register by register, in a loop the compiler vectorises (a year of days merges in
    // milliseconds).
    std::uint8_t* mine = dense_.data();
    const std::uint8_t* theirs = other.dense_.data();
    unsigned changed = 0;
    for (std::size_t i = 0; i < kRegisters; ++i) {
      std::uint8_t highest = std::max(mine[i], theirs[i]);
      changed |= static_cast<unsigned>(highest ^ mine[i]);
      mine[i] = highest;
    }
    return changed != 0;
  }
  if (!dense_.empty() || other.sparse_.size() < 16) {
    bool rose = false;
    for (std::uint32_t e : other.sparse_) rose = Raise(e >> 8, static_cast<std::uint8_t>(e & 0xff)) || rose;
    return rose;
  }
  // Both sparse: one pass over the two ordered lists, the higher value where both set a register.
  std::vector<std::uint32_t> merged;
  merged.reserve(sparse_.size() + other.sparse_.size());
  bool rose = false;
  auto a = sparse_.begin();
  auto b = other.sparse_.begin();
  while (a != sparse_.end() || b != other.sparse_.end()) {
    if (b == other.sparse_.end() || (a != sparse_.end() && (*a >> 8) < (*b >> 8))) {
      merged.push_back(*a++);
    } else if (a == sparse_.end() || (*b >> 8) < (*a >> 8)) {
      merged.push_back(*b++);
      rose = true;
    } else {
      rose = rose || (*b & 0xff) > (*a & 0xff);
      merged.push_back(std::max(*a++, *b++));  // same index: the higher value is the larger entry
    }
  }
  sparse_ = std::move(merged);
  if (sparse_.size() >= kSparseLimit) {
    dense_.assign(kRegisters, 0);
    for (std::uint32_t e : sparse_) dense_[e >> 8] = static_cast<std::uint8_t>(e & 0xff);
    sparse_.clear();
    sparse_.shrink_to_fit();
  }
  return rose;
}

std::int64_t VisitorSketch::Estimate() const {
  if (empty()) return 0;
  std::array<double, kMaxValue + 1> histogram{};
  if (!dense_.empty()) {
    for (std::uint8_t value : dense_) histogram[value] += 1.0;
  } else {
    histogram[0] = static_cast<double>(kRegisters - sparse_.size());
    for (std::uint32_t e : sparse_) histogram[e & 0xff] += 1.0;
  }
  const double m = static_cast<double>(kRegisters);
  double z = m * Tau(1.0 - histogram[kMaxValue] / m);
  for (int k = kMaxValue - 1; k >= 1; --k) z = 0.5 * (z + histogram[k]);
  z += m * Sigma(histogram[0] / m);
  const double alpha_infinity = 0.5 / std::log(2.0);
  return std::llround(alpha_infinity * m * m / z);
}

std::string VisitorSketch::Serialize() const {
  std::string out;
  if (dense_.empty()) {
    out.reserve(1 + 4 * sparse_.size());
    out += 'S';
    for (std::uint32_t e : sparse_) {
      std::size_t i = e >> 8;
      out += kDigits[(i >> 12) & 63];
      out += kDigits[(i >> 6) & 63];
      out += kDigits[i & 63];
      out += kDigits[e & 0xff];
    }
    return out;
  }
  out.reserve(1 + kRegisters);
  out += 'D';
  for (std::uint8_t value : dense_) out += kDigits[value];
  return out;
}

std::optional<VisitorSketch> VisitorSketch::Parse(std::string_view text) {
  if (text.empty()) return std::nullopt;
  VisitorSketch sketch;
  std::string_view body = text.substr(1);
  auto value_at = [&](std::size_t i) -> int {
    int value = DigitValue(body[i]);
    return value > kMaxValue ? -1 : value;
  };
  if (text[0] == 'D') {
    if (body.size() != kRegisters) return std::nullopt;
    sketch.dense_.assign(kRegisters, 0);
    std::size_t set = 0;
    for (std::size_t i = 0; i < kRegisters; ++i) {
      int value = value_at(i);
      if (value < 0) return std::nullopt;
      sketch.dense_[i] = static_cast<std::uint8_t>(value);
      set += value != 0 ? 1 : 0;
    }
    // As Serialize writes it: dense only from kSparseLimit set registers on.
    if (set < kSparseLimit) return std::nullopt;
    return sketch;
  }
  if (text[0] != 'S' || body.size() % 4 != 0 || body.size() / 4 >= kSparseLimit) return std::nullopt;
  sketch.sparse_.reserve(body.size() / 4);
  for (std::size_t at = 0; at < body.size(); at += 4) {
    int high = DigitValue(body[at]);
    int middle = DigitValue(body[at + 1]);
    int low = DigitValue(body[at + 2]);
    int value = value_at(at + 3);
    if (high < 0 || middle < 0 || low < 0 || value <= 0) return std::nullopt;
    std::size_t index = (static_cast<std::size_t>(high) << 12) | (static_cast<std::size_t>(middle) << 6) |
                        static_cast<std::size_t>(low);
    // Indexes strictly increasing, as Serialize writes them.
    if (index >= kRegisters || (!sketch.sparse_.empty() && index <= (sketch.sparse_.back() >> 8))) {
      return std::nullopt;
    }
    sketch.sparse_.push_back(static_cast<std::uint32_t>(index << 8) | static_cast<std::uint32_t>(value));
  }
  return sketch;
}

bool operator==(const VisitorSketch& a, const VisitorSketch& b) {
  // One representation per sketch (dense exactly from kSparseLimit set registers on).
  return a.sparse_ == b.sparse_ && a.dense_ == b.dense_;
}

}  // namespace bb::domain
