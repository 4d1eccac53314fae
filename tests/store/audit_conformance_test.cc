// The storage conformance suite for the audit trail (see conformance.h): events keep every value
// kind of their changes, and lists filter by actor, object, kind and time, newest first.

#include "conformance.h"
#include "domain/audit.h"

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary
using namespace std::chrono_literals;
using domain::AuditChange;
using domain::AuditEvent;

class AuditConformanceTest : public ConformanceTest {
 protected:
  AuditEvent MakeEvent(Timestamp at, std::string actor, std::string kind, std::string object) {
    AuditEvent e;
    e.id = NewId(domain::kAuditEventPrefix, at);
    e.at = at;
    e.actor = std::move(actor);
    e.address_hash = "00112233445566778899aabbccddeeff";
    e.kind = std::move(kind);
    e.object_id = std::move(object);
    return e;
  }

  std::vector<std::string> Ids(const AuditQuery& query) {
    std::vector<std::string> out;
    for (const auto& event : Get([&](Queries& q) { return q.ListAuditEvents(query); })) out.push_back(event.id);
    return out;
  }
};

TEST_P(AuditConformanceTest, EventsRoundTripWithEveryKindOfValue) {
  AuditEvent event = MakeEvent(kT0 + 5us, "usr_admin", "user.updated", "usr_pat");
  event.changes = {AuditChange{"role", std::string("manager"), std::string("viewer")},
                   AuditChange{"disabled", false, true},
                   AuditChange{"deal_value_minor", std::int64_t{1'000'000'000'000'000}, std::monostate{}},
                   AuditChange{"note", std::monostate{}, std::string("caf\xc3\xa9 \"quoted\"")}};
  event.note = "left the company";
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertAuditEvent(event); }));
  auto found = Get([&](Queries& q) { return q.ListAuditEvents({}); });
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, event.id);
  EXPECT_EQ(ToMicros(found[0].at), ToMicros(event.at));
  EXPECT_EQ(found[0].actor, "usr_admin");
  EXPECT_EQ(found[0].address_hash, event.address_hash);
  EXPECT_EQ(found[0].kind, "user.updated");
  EXPECT_EQ(found[0].object_id, "usr_pat");
  EXPECT_EQ(found[0].changes, event.changes);
  EXPECT_EQ(found[0].note, "left the company");
}

TEST_P(AuditConformanceTest, ListsFilterAndPageNewestFirst) {
  std::vector<AuditEvent> events = {
      MakeEvent(kT0 + 1h, "usr_a", "program.created", "prg_1"),
      MakeEvent(kT0 + 2h, "usr_b", "program.updated", "prg_1"),
      MakeEvent(kT0 + 3h, "key_c", "reward.fulfilled", "rwd_9"),
      MakeEvent(kT0 + 4h, "usr_a", "program.updated", "prg_2"),
  };
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto& event : events) BB_RETURN_IF_ERROR(tx.InsertAuditEvent(event));
    return Ok();
  }));
  auto id = [&](int i) { return events[static_cast<std::size_t>(i)].id; };
  EXPECT_EQ(Ids({}), (std::vector<std::string>{id(3), id(2), id(1), id(0)}));
  EXPECT_EQ(Ids({.actor = "usr_a"}), (std::vector<std::string>{id(3), id(0)}));
  EXPECT_EQ(Ids({.object_id = "prg_1"}), (std::vector<std::string>{id(1), id(0)}));
  EXPECT_EQ(Ids({.kind = "program.updated"}), (std::vector<std::string>{id(3), id(1)}));
  EXPECT_EQ(Ids({.actor = "usr_a", .kind = "program.updated"}), (std::vector<std::string>{id(3)}));
  EXPECT_EQ(Ids({.from = kT0 + 2h, .before = kT0 + 4h}), (std::vector<std::string>{id(2), id(1)}));
  EXPECT_EQ(Ids({.before_id = id(2), .limit = 1}), (std::vector<std::string>{id(1)}));
  EXPECT_TRUE(Ids({.actor = "usr_nobody"}).empty());
}

TEST_P(AuditConformanceTest, AnEventWrittenInAFailedTransactionIsGone) {
  Status failed = Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertAuditEvent(MakeEvent(kT0, "usr_a", "program.updated", "prg_1")));
    return Error::Conflict("the change itself failed");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_TRUE(Ids({}).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store
