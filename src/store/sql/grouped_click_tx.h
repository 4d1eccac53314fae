#pragma once
// The group commit's transaction: the shared SqlTx, except that the clicks its jobs insert are
// added to the click summaries together, by Flush, once per group instead of once per click (the
// tracked link's group commit then appends one summary row per day and program it saw).
//
// Flush must run before the transaction commits; Discard when it is rolled back. Summaries are
// flushed first by anything in the transaction that rebuilds them, so that no click is counted
// twice. Work run on it must not read the click summaries back before Flush (the click jobs only
// insert). Thread-safety: one thread, like the connection it runs on.

#include "store/sql/click_summary.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

class GroupedClickTx : public SqlTx {
 public:
  using SqlTx::SqlTx;

  // Inserts the click's row and keeps its figures for Flush.
  Status InsertClick(const domain::Click& click) override;
  Status RebuildClickDays(std::string_view program_id, std::int64_t from_day, std::int64_t before_day) override;

  // Adds the figures kept since the last Flush or Discard to the summaries, in the open
  // transaction, and forgets them whatever the outcome. A failure leaves the transaction to be
  // rolled back.
  virtual Status Flush();
  // Forgets what was kept.
  virtual void Discard() { pending_.Clear(); }

 private:
  ClickSummaryDelta pending_;
};

}  // namespace bb::store::sql
