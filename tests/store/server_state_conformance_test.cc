// The storage conformance suite for the state instances share (see conformance.h): rate-limit
// buckets kept to a thousandth of a token and forgotten once full, and job leases that one holder at
// a time gets, even when two stores (two instances) claim at once.

#include "conformance.h"

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary
using namespace std::chrono_literals;

class ServerStateConformanceTest : public ConformanceTest {
 protected:
  Result<bool> Claim(Store& store, const std::string& job, const std::string& holder, Timestamp now, Timestamp until) {
    bool claimed = false;
    BB_RETURN_IF_ERROR(store.Write([&](Tx& tx) -> Status {
      BB_ASSIGN_OR_RETURN(claimed, tx.ClaimJobLease(job, holder, now, until));
      return Ok();
    }));
    return claimed;
  }
  bool Claim(const std::string& job, const std::string& holder, Timestamp now, Timestamp until) {
    auto claimed = Claim(*store_, job, holder, now, until);
    EXPECT_TRUE(claimed.ok()) << (claimed.ok() ? "" : claimed.error().message());
    return claimed.ok() && *claimed;
  }
};

TEST_P(ServerStateConformanceTest, RateBucketsRoundTripToAThousandthAndAreReplaced) {
  StoredRateBucket bucket{"ab12", domain::TokenBucket{2.3456, kT0 + 1us}, kT0 + 90s};
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutRateBucket(bucket); }));
  auto found = Get([](Queries& q) { return q.FindRateBucket("ab12"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->key_hash, "ab12");
  EXPECT_DOUBLE_EQ(found->bucket.tokens, 2.345) << "floored, never rounded up into a token not regained";
  EXPECT_EQ(ToMicros(found->bucket.updated), ToMicros(kT0 + 1us));
  EXPECT_EQ(ToMicros(found->full_at), ToMicros(kT0 + 90s));

  bucket.bucket = domain::TokenBucket{0.0, kT0 + 2s};
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutRateBucket(bucket); }));
  found = Get([](Queries& q) { return q.FindRateBucket("ab12"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_DOUBLE_EQ(found->bucket.tokens, 0.0);
  EXPECT_EQ(ToMicros(found->bucket.updated), ToMicros(kT0 + 2s));
  EXPECT_FALSE(Get([](Queries& q) { return q.FindRateBucket("cd34"); }).has_value());
}

TEST_P(ServerStateConformanceTest, DeletesRateBucketsFullAtOrBeforeNow) {
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.PutRateBucket({"k1", domain::TokenBucket{0, kT0}, kT0 + 1min}));
    BB_RETURN_IF_ERROR(tx.PutRateBucket({"k2", domain::TokenBucket{0, kT0}, kT0 + 2min}));
    return tx.PutRateBucket({"k3", domain::TokenBucket{0, kT0}, kT0 + 2min + 1us});
  }));
  std::int64_t deleted = -1;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteFullRateBuckets(kT0 + 2min));
    return Ok();
  }));
  EXPECT_EQ(deleted, 2);
  EXPECT_FALSE(Get([](Queries& q) { return q.FindRateBucket("k1"); }).has_value());
  EXPECT_FALSE(Get([](Queries& q) { return q.FindRateBucket("k2"); }).has_value());
  EXPECT_TRUE(Get([](Queries& q) { return q.FindRateBucket("k3"); }).has_value());
}

TEST_P(ServerStateConformanceTest, ALeaseHasOneHolderUntilItExpires) {
  EXPECT_TRUE(Claim("maintenance", "a", kT0, kT0 + 2h)) << "a free lease is taken";
  EXPECT_FALSE(Claim("maintenance", "b", kT0 + 1h, kT0 + 3h)) << "a running lease is someone else's";
  EXPECT_TRUE(Claim("other-job", "b", kT0 + 1h, kT0 + 3h)) << "each job has its own lease";
  EXPECT_TRUE(Claim("maintenance", "a", kT0 + 1h, kT0 + 3h)) << "the holder renews";
  EXPECT_FALSE(Claim("maintenance", "b", kT0 + 3h - 1us, kT0 + 5h)) << "renewed: runs to 3 h now";
  EXPECT_TRUE(Claim("maintenance", "b", kT0 + 3h, kT0 + 5h)) << "expired: the next claimant takes it";
  EXPECT_FALSE(Claim("maintenance", "a", kT0 + 4h, kT0 + 6h)) << "the old holder has lost it";

  ASSERT_OK(Write([&](Tx& tx) { return tx.ReleaseJobLease("maintenance", "a", kT0 + 4h); }));
  EXPECT_FALSE(Claim("maintenance", "a", kT0 + 4h, kT0 + 6h)) << "only the holder gives a lease up";
  ASSERT_OK(Write([&](Tx& tx) { return tx.ReleaseJobLease("maintenance", "b", kT0 + 4h); }));
  EXPECT_TRUE(Claim("maintenance", "a", kT0 + 4h, kT0 + 6h)) << "given up: free at once";
}

TEST_P(ServerStateConformanceTest, ClaimsRacingFromTwoInstancesGrantTheLeaseOnce) {
  std::unique_ptr<Store> second = OpenStore();
  ASSERT_NE(second, nullptr);
  for (int round = 0; round < 5; ++round) {
    std::string job = "job-" + std::to_string(round);
    constexpr int kClaimants = 8;
    std::atomic<int> granted{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClaimants; ++i) {
      Store& store = i % 2 == 0 ? *store_ : *second;
      threads.emplace_back([&, i, &store = store] {
        auto claimed = Claim(store, job, "holder-" + std::to_string(i), kT0, kT0 + 1h);
        if (!claimed.ok()) {
          failed.fetch_add(1);
        } else if (*claimed) {
          granted.fetch_add(1);
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failed.load(), 0) << "round " << round;
    EXPECT_EQ(granted.load(), 1) << "round " << round;
  }
  second->Close();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerStateConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store
