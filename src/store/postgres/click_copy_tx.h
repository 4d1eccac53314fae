#pragma once
// The asynchronous writer's transaction on PostgreSQL: the group commit's transaction
// (sql/grouped_click_tx.h), except that the clicks a group inserts are also kept and written
// together by Flush, with one COPY, instead of one INSERT (and one round trip to the server) each.
// The tracked link's group commit thus costs a constant number of round trips per group, however
// many clicks it holds.
//
// Work run on it must not read back the clicks it inserts before Flush (the click jobs only
// insert). Thread-safety: one thread, like the connection it runs on.

#include <string>
#include <vector>

#include "store/postgres/connection.h"
#include "store/sql/grouped_click_tx.h"

namespace bb::store::postgres {

class ClickCopyTx final : public sql::GroupedClickTx {
 public:
  ClickCopyTx(Connection& connection, std::int64_t summary_shard)
      : sql::GroupedClickTx(connection, summary_shard), connection_(connection) {}

  // Writes the clicks kept since the last Flush or Discard with one COPY, then their summaries, in
  // the open transaction, and forgets them whatever the outcome. A failure leaves the transaction
  // failed (roll it back).
  Status Flush() override;
  // Forgets the clicks kept.
  void Discard() override;

 protected:
  // Keeps the click's row for Flush, its keys looked up or made (SqlTx::PrepareClickRow): Ok, or
  // that function's kInvalidArgument, or a failure making a key.
  Status InsertClickRow(const domain::Click& click) override;

 private:
  Connection& connection_;
  std::vector<std::string> rows_;  // in COPY's text format
};

}  // namespace bb::store::postgres
