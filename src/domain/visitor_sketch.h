#pragma once
// Distinct visitors, estimated without keeping them: a HyperLogLog sketch (Flajolet, Fusy, Gandouet
// and Meunier, 2007) of 2^14 registers read with Ertl's improved estimator ("New cardinality
// estimation algorithms for HyperLogLog sketches", 2017), whose relative standard error is
// 1.04 / sqrt(2^14) = 0.81% at every cardinality (counts up to a few dozen come out exact but for
// rare register collisions; from a hundred on, expect the stated error). Visitor ids are hashed with XXH3-64
// (libxxhash), a fixed function, so that a sketch rebuilt from the raw clicks equals, register for register, the one
// kept as they arrived. Merging takes each register's maximum: order-free and idempotent, so sketches of days and
// programs combine into the sketch of their union. Pure value type, no I/O; not thread-safe (a value per thread).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bb::domain {

class VisitorSketch {
 public:
  static constexpr int kPrecision = 14;
  static constexpr std::size_t kRegisters = std::size_t{1} << kPrecision;
  // The relative standard error of Estimate(), stated in the API beside each estimated figure.
  static constexpr double kRelativeStandardError = 0.0081;

  // Counts `visitor_id` (any bytes; the same id twice counts once).
  void Add(std::string_view visitor_id);
  // Makes this the sketch of both; true when a register rose (this sketch changed).
  bool Merge(const VisitorSketch& other);
  // The estimated number of distinct visitors added, rounded to the nearest whole visitor.
  std::int64_t Estimate() const;
  bool empty() const { return sparse_.empty() && dense_.empty(); }

  // A text form both databases store as it is: "S" followed by 4 characters per set register
  // while fewer than kRegisters / 4 are set (index, then value), "D" followed by one character per
  // register beyond; each character one base-64 digit (0-9A-Za-z-_).
  std::string Serialize() const;
  // The sketch of a Serialize()d text; nullopt when the text is not one.
  static std::optional<VisitorSketch> Parse(std::string_view text);

  friend bool operator==(const VisitorSketch& a, const VisitorSketch& b);

 private:
  // Raises register `index` to `value`; true when it rose.
  bool Raise(std::size_t index, std::uint8_t value);

  // While fewer than kRegisters / 4 registers are set, only those, as index << 8 | value, by index
  // (a day of a small program, or what one group commit adds, costs bytes, not 16 KiB); beyond
  // that, every register in `dense_`. Never both.
  std::vector<std::uint32_t> sparse_;
  std::vector<std::uint8_t> dense_;
};

}  // namespace bb::domain
