// The unique-visitor sketch (domain/visitor_sketch.h): its stated error, merging and its text form.

#include "domain/visitor_sketch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace bb::domain {
namespace {

VisitorSketch SketchOf(const std::string& prefix, int from, int to) {
  VisitorSketch sketch;
  for (int i = from; i < to; ++i) sketch.Add(prefix + std::to_string(i));
  return sketch;
}

double RelativeError(std::int64_t estimate, std::int64_t truth) {
  return std::abs(static_cast<double>(estimate - truth)) / static_cast<double>(truth);
}

TEST(VisitorSketchTest, SmallCountsComeOutExact) {
  EXPECT_EQ(VisitorSketch().Estimate(), 0);
  for (int n : {1, 2, 3, 10, 40}) EXPECT_EQ(SketchOf("visitor-", 0, n).Estimate(), n) << n;
}

TEST(VisitorSketchTest, TheSameVisitorTwiceCountsOnce) {
  VisitorSketch sketch = SketchOf("v", 0, 20);
  VisitorSketch again = sketch;
  for (int i = 0; i < 20; ++i) again.Add("v" + std::to_string(i));
  EXPECT_EQ(again, sketch);
  EXPECT_EQ(again.Estimate(), 20);
}

TEST(VisitorSketchTest, WithinTwoPercentAtAMillionDistinctVisitors) {
  VisitorSketch sketch = SketchOf("01JD8Z3V5K", 0, 1'000'000);
  EXPECT_LT(RelativeError(sketch.Estimate(), 1'000'000), 0.02) << sketch.Estimate();
}

TEST(VisitorSketchTest, WithinTwoPercentAcrossTheRanges) {
  // Ertl's estimator has no switch between a small-range and a large-range formula: the same error
  // bound holds from a thousand to ten million, through the region where raw HyperLogLog is biased.
  for (int n : {1'000, 10'000, 40'000, 80'000, 300'000}) {
    VisitorSketch sketch = SketchOf("range-" + std::to_string(n) + "-", 0, n);
    EXPECT_LT(RelativeError(sketch.Estimate(), n), 0.02) << n << ": " << sketch.Estimate();
  }
}

TEST(VisitorSketchTest, TheErrorIsTheOneStated) {
  // The root mean square of the relative error over independent sets of visitors is about the
  // stated standard error (0.81%); 20 sets estimate it to within about a sixth, so 1.5x is a
  // bound a correct sketch keeps and a wrong estimator (or a sketch a quarter the size) does not.
  double squares = 0;
  constexpr int kSets = 20;
  constexpr int kVisitors = 50'000;
  for (int set = 0; set < kSets; ++set) {
    double error = RelativeError(SketchOf("set" + std::to_string(set) + ":", 0, kVisitors).Estimate(), kVisitors);
    squares += error * error;
  }
  double rms = std::sqrt(squares / kSets);
  EXPECT_LT(rms, 1.5 * VisitorSketch::kRelativeStandardError) << rms;
}

TEST(VisitorSketchTest, MergingGivesTheSketchOfTheUnion) {
  VisitorSketch monday = SketchOf("v", 0, 30'000);
  VisitorSketch tuesday = SketchOf("v", 20'000, 60'000);  // 10,000 visitors came back on Tuesday
  VisitorSketch both = monday;
  EXPECT_TRUE(both.Merge(tuesday));
  EXPECT_EQ(both, SketchOf("v", 0, 60'000));
  EXPECT_LT(RelativeError(both.Estimate(), 60'000), 0.02) << both.Estimate();
  // Idempotent and order-free.
  EXPECT_FALSE(both.Merge(tuesday));
  VisitorSketch other_way = tuesday;
  other_way.Merge(monday);
  EXPECT_EQ(other_way, both);
  EXPECT_FALSE(both.Merge(VisitorSketch()));
}

// Two small (sparse) sketches merge in one pass over both; the result must be the sketch of the
// union register for register, also when the union crosses into the dense form, and whether
// anything rose must be told right (a referrer's day is written only when it did).
TEST(VisitorSketchTest, SparseSketchesMergeIntoTheSketchOfTheUnion) {
  for (auto [first, second] : {std::pair{100, 150}, std::pair{1'000, 3'000}, std::pair{3'000, 5'000}}) {
    VisitorSketch a = SketchOf("a", 0, first);
    VisitorSketch b = SketchOf("a", first / 2, second);
    VisitorSketch merged = a;
    EXPECT_TRUE(merged.Merge(b));
    EXPECT_EQ(merged, SketchOf("a", 0, second)) << first << ".." << second;
    EXPECT_FALSE(merged.Merge(b)) << "nothing rose the second time";
    EXPECT_FALSE(merged.Merge(SketchOf("a", 0, first / 2)));
  }
}

TEST(VisitorSketchTest, TheTextFormRoundTripsSparseAndDense) {
  // 3,000 visitors set about 2,750 registers (sparse); 10,000 about 7,100 (dense).
  for (int n : {0, 1, 500, 3'000, 10'000, 200'000}) {
    VisitorSketch sketch = SketchOf("t", 0, n);
    std::string text = sketch.Serialize();
    EXPECT_EQ(text[0], n <= 3'000 ? 'S' : 'D') << n;
    auto parsed = VisitorSketch::Parse(text);
    ASSERT_TRUE(parsed.has_value()) << n;
    EXPECT_EQ(*parsed, sketch) << n;
    EXPECT_EQ(parsed->Serialize(), text) << n;
  }
  EXPECT_EQ(VisitorSketch().Serialize(), "S");
  EXPECT_EQ(SketchOf("t", 0, 200'000).Serialize().size(), 1 + VisitorSketch::kRegisters);
}

TEST(VisitorSketchTest, ParseRefusesWhatSerializeNeverWrites) {
  for (std::string_view bad : {"", "X", "S123", "S00!1", "S0001S0001", "S000z", "S0000", "D00", "S40001"}) {
    EXPECT_FALSE(VisitorSketch::Parse(bad).has_value()) << bad;
  }
  EXPECT_TRUE(VisitorSketch::Parse("S0001").has_value());
  EXPECT_TRUE(VisitorSketch::Parse("S000100A5").has_value());
  EXPECT_FALSE(VisitorSketch::Parse("S00A5000F").has_value());  // indexes must increase
}

}  // namespace
}  // namespace bb::domain
