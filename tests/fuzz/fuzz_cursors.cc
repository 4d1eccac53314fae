// libFuzzer harness: page cursors. Whatever a client sends as a cursor, for whatever list, the
// answer is an id of the list's kind or a refusal naming "cursor" (never a crash, never an id of
// another kind); a cursor the server made for a list always reads back as its id there, and
// never under another list or another key.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>

#include "domain/ids.h"
#include "service/paging.h"

namespace {

using namespace bb;

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
  service::Page page;
  page.limit = input.ConsumeIntegralInRange<int>(-5, 300);
  page.list = input.ConsumeRandomLengthString(200);
  page.key = input.ConsumeRandomLengthString(40);
  page.cursor = input.ConsumeRemainingBytesAsString();
  auto after = service::CheckPage(page, domain::kAdvocatePrefix);
  if (after.ok()) {
    Require(after->empty() ? page.cursor.empty() : domain::IsWellFormedId(domain::kAdvocatePrefix, *after));
  } else {
    Require(after.error().code() == ErrorCode::kInvalidArgument && after.error().fields().size() == 1);
  }

  std::array<std::uint8_t, 10> random{};
  for (std::size_t i = 0; i < random.size() && i < page.cursor.size(); ++i) {
    random[i] = static_cast<std::uint8_t>(page.cursor[i]);
  }
  std::string id = domain::FormatId(domain::kAdvocatePrefix, FromMicros(1'772'366'400'000'000), random);
  service::Page issued{50, service::EncodeCursor(page.key, page.list, id), page.list, page.key};
  auto back = service::CheckPage(issued, domain::kAdvocatePrefix);
  Require(back.ok() && *back == id);
  service::Page elsewhere{50, issued.cursor, page.list + "x", page.key};
  Require(!service::CheckPage(elsewhere, domain::kAdvocatePrefix).ok());
  service::Page forged{50, issued.cursor, page.list, page.key + "x"};
  Require(!service::CheckPage(forged, domain::kAdvocatePrefix).ok());
  return 0;
}
