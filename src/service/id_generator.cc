#include "service/id_generator.h"

#include <array>

#include "crypto/crypto.h"
#include "domain/ids.h"
#include "domain/referral_code.h"

namespace bb::service {

std::string IdGenerator::New(std::string_view prefix) const {
  std::array<std::uint8_t, 10> random{};
  crypto::FastRandomBytes(random.data(), random.size());
  return domain::FormatId(prefix, clock_.Now(), random);
}

std::string IdGenerator::NewUlid() const {
  std::array<std::uint8_t, 10> random{};
  crypto::FastRandomBytes(random.data(), random.size());
  return domain::FormatUlid(clock_.Now(), random);
}

std::string IdGenerator::NewReferralCode() const {
  return domain::MakeReferralCode(
      [] { return crypto::RandomBelow(static_cast<std::uint32_t>(domain::kReferralCodeAlphabet.size())); });
}

}  // namespace bb::service
