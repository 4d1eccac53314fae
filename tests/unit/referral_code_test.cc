#include "domain/referral_code.h"
#include <gtest/gtest.h>
TEST(ReferralCode, NormalizesCase) { EXPECT_EQ(bb::domain::NormalizeReferralCode("k7m-3qx9").value_or(""), "K7M3QX9"); }
