// libFuzzer harness: what Bluebird makes of people's typing: referral codes, emails (the checks,
// the normalised form, the matching key, the registrable domain), phones to E.164, referees,
// channels, tags, search keys and text limits. Invariants: each normal form is stable (normalising
// it again changes nothing) and has its promised shape.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>

#include "domain/advocate.h"
#include "domain/click.h"
#include "domain/contact.h"
#include "domain/phone.h"
#include "domain/referral.h"
#include "domain/referral_code.h"
#include "domain/validation.h"

namespace {

using namespace bb::domain;

// Stops the run (libFuzzer saves the input) when an invariant does not hold, saying which.
#define Require(condition)                                                             \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "invariant broken at line %d: %s\n", __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  std::string a = input.ConsumeRandomLengthString(300);
  std::string b = input.ConsumeRandomLengthString(100);
  std::string c = input.ConsumeRemainingBytesAsString();

  if (auto code = NormalizeReferralCode(a)) {
    Require(code->size() == kReferralCodeLength);
    Require(code->find_first_not_of(kReferralCodeAlphabet) == std::string::npos);
    Require(NormalizeReferralCode(*code) == code);
  }

  if (CheckEmail(Trim(a)).empty()) {
    std::string normalized = NormalizeEmail(a);
    Require(NormalizeEmail(normalized) == normalized);
    std::string key = EmailMatchKey(a);
    Require(EmailMatchKey(key) == key);
    (void)RegistrableEmailDomain(a);
  }
  (void)EmailDomainPart(a);

  for (std::string_view region : {"", "US", "GB", "DE", "IN"}) {
    auto e164 = PhoneToE164(b, region);
    if (e164.ok()) {
      Require(!e164->empty() && e164->front() == '+');
      Require(e164->find_first_not_of("+0123456789") == std::string::npos);
      auto again = PhoneToE164(*e164, "");
      Require(again.ok() && *again == *e164);
    }
  }
  (void)CheckPhoneShape(b);

  RefereeInput referee{a, b, c, std::nullopt, std::nullopt, b};
  auto built = BuildReferee(referee);
  if (built.ok()) (void)PutPhoneInE164(*built, "US");

  std::string channel = NormalizeChannel(b);
  Require(!channel.empty() && channel.size() <= 32);
  Require(channel.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos);
  (void)IsBotUserAgent(c);

  std::string tag = NormalizeTag(b);
  if (!tag.empty()) Require(NormalizeTag(tag) == tag);
  std::string search = SearchKey(c);
  Require(SearchKey(search) == search);

  std::size_t limit = input.remaining_bytes() % 64;
  std::string cut = TruncateUtf8(c, limit);
  Require(cut.size() <= limit && c.compare(0, cut.size(), cut) == 0);
  (void)CheckText(c, 100, input.ConsumeBool(), TextShape::kMultiLine);
  Require(CodePointCount(c) <= c.size());
  return 0;
}
