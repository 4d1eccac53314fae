#pragma once
// The asynchronous writer's transaction on PostgreSQL: the shared SqlTx, except that the clicks a
// group inserts are kept and written together by Flush, with one COPY, instead of one INSERT (and
// one round trip to the server) each. The tracked link's group commit thus costs a constant number
// of round trips per group, however many clicks it holds.
//
// Work run on it must not read back the clicks it inserts before Flush (the click jobs only
// insert). Thread-safety: one thread, like the connection it runs on.

#include <string>
#include <vector>

#include "store/postgres/connection.h"
#include "store/sql/sql_tx.h"

namespace bb::store::postgres {

class ClickCopyTx final : public sql::SqlTx {
 public:
  explicit ClickCopyTx(Connection& connection) : sql::SqlTx(connection), connection_(connection) {}

  // Keeps the click for Flush; always Ok.
  Status InsertClick(const domain::Click& click) override;
  // Writes the clicks kept since the last Flush or Discard, in the open transaction, and forgets
  // them whatever the outcome. A failure leaves the transaction failed (roll it back).
  Status Flush();
  // Forgets the clicks kept.
  void Discard() { rows_.clear(); }

 private:
  Connection& connection_;
  std::vector<std::string> rows_;  // in COPY's text format
};

}  // namespace bb::store::postgres
