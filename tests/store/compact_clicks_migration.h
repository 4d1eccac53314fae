#pragma once
// The clicks an earlier release stored, as that release's rows (SQLite before schema 25,
// PostgreSQL before schema 14), and what the upgraded store must show of them: each value as it
// was, read back through the keys and bits the compact clicks table keeps instead.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/click.h"
#include "store/store.h"

namespace bb::store {

// Four clicks: two programs, one visitor on two advocates, a bot, and a row no release of
// Bluebird wrote (its visitor id's first digit is above '7', its address hash is not hexadecimal).
inline constexpr const char* kOldClicksSql = R"sql(
  INSERT INTO clicks (program_id, advocate_id, code, occurred_at, channel, visitor_id, ip_hash, user_agent,
                      referrer, is_bot)
  VALUES ('prg_a', 'adv_1', 'AAAAAAA', 1709164800000000, 'email', '01hqaaaaaaaaaaaaaaaaaaaaaa',
          '0123456789abcdeffedcba9876543210', 'Mozilla/5.0 (X11)', 'https://www.linkedin.com/', 0),
         ('prg_a', 'adv_2', 'BBBBBBB', 1709164800000001, 'qr', '01hqaaaaaaaaaaaaaaaaaaaaaa',
          '0123456789abcdeffedcba9876543210', 'Mozilla/5.0 (X11)', '', 0),
         ('prg_b', 'adv_3', 'CCCCCCC', 1709164800000002, 'direct', '01hqbbbbbbbbbbbbbbbbbbbbbb',
          'ffffffffffffffff0000000000000000', 'Googlebot/2.1', '', 1),
         ('prg_a', 'adv_1', 'AAAAAAA', 1709164800000003, 'email', '9zzzzzzzzzzzzzzzzzzzzzzzzz', 'not-a-hash',
          'curl/8.0', '', 0);
)sql";

// Checks what `store` shows of kOldClicksSql's clicks, then that a new click of a known advocate,
// user agent and referrer is stored beside them.
inline void ExpectOldClicksKept(Store& store) {
  ClickQuery query;
  query.program_id = "prg_a";
  query.from = FromMicros(1709164800000000);
  query.before = FromMicros(1709164800000000 + 10);
  std::vector<ClickRecord> clicks;
  std::vector<domain::Click> by_visitor;
  ASSERT_TRUE(store
                  .Read([&](Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(clicks, q.ListClicks(query, std::nullopt, 10));
                    BB_ASSIGN_OR_RETURN(by_visitor, q.ListClicksByVisitor("01hqaaaaaaaaaaaaaaaaaaaaaa", 10));
                    return Ok();
                  })
                  .ok());
  ASSERT_EQ(clicks.size(), 3u);
  const domain::Click first = clicks[0].click;
  EXPECT_EQ(clicks[0].id, 1);
  EXPECT_EQ(first.program_id, "prg_a");
  EXPECT_EQ(first.advocate_id, "adv_1");
  EXPECT_EQ(first.code, "AAAAAAA");
  EXPECT_EQ(first.channel, "email");
  EXPECT_EQ(first.visitor_id, "01hqaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_EQ(first.ip_hash, "0123456789abcdeffedcba9876543210");
  EXPECT_EQ(first.user_agent, "Mozilla/5.0 (X11)");
  EXPECT_EQ(first.referrer, "https://www.linkedin.com/");
  EXPECT_FALSE(first.is_bot);
  EXPECT_EQ(clicks[1].click.advocate_id, "adv_2");
  EXPECT_EQ(clicks[1].click.code, "BBBBBBB");
  EXPECT_EQ(clicks[1].click.referrer, "");
  // The hand-made row: the visitor id keeps its 128 bits, the hash becomes one.
  const domain::Click& odd = clicks[2].click;
  EXPECT_EQ(odd.visitor_id, "1zzzzzzzzzzzzzzzzzzzzzzzzz");
  EXPECT_TRUE(domain::ParseAddressHash(odd.ip_hash).has_value()) << odd.ip_hash;
  EXPECT_EQ(odd.user_agent, "curl/8.0");
  ASSERT_EQ(by_visitor.size(), 2u);
  EXPECT_EQ(by_visitor[0].advocate_id, "adv_1");
  EXPECT_EQ(by_visitor[1].advocate_id, "adv_2");

  domain::Click next = first;
  next.occurred_at = FromMicros(1709164800000004);
  ASSERT_TRUE(store.Write([&](Tx& tx) { return tx.InsertClick(next); }).ok());
  ASSERT_TRUE(store
                  .Read([&](Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(clicks, q.ListClicks(query, std::nullopt, 10));
                    return Ok();
                  })
                  .ok());
  ASSERT_EQ(clicks.size(), 4u);
  EXPECT_EQ(clicks[3].id, 5) << "the ids go on after the upgraded rows'";
  EXPECT_EQ(clicks[3].click.user_agent, "Mozilla/5.0 (X11)");
  EXPECT_EQ(clicks[3].click.visitor_id, next.visitor_id);
}

}  // namespace bb::store
