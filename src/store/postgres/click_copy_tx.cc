#include "store/postgres/click_copy_tx.h"

#include <utility>

namespace bb::store::postgres {

Status ClickCopyTx::InsertClickRow(const domain::Click& c) {
  BB_ASSIGN_OR_RETURN(ClickRow keyed, PrepareClickRow(c));
  std::string row;
  auto field = [&](std::string_view value) {
    if (!row.empty()) row += '\t';
    Connection::AppendCopyField(row, value);
  };
  auto number = [&](std::int64_t value) { field(std::to_string(value)); };
  number(ToMicros(c.occurred_at));
  number(static_cast<std::int64_t>(keyed.visitor.high));
  number(static_cast<std::int64_t>(keyed.visitor.low));
  number(static_cast<std::int64_t>(keyed.address.high));
  number(static_cast<std::int64_t>(keyed.address.low));
  number(keyed.keys.program);
  number(keyed.keys.advocate);
  number(keyed.keys.user_agent);
  number(keyed.keys.referrer);
  field(c.is_bot ? "1" : "0");
  field(c.channel);
  rows_.push_back(std::move(row));
  return Ok();
}

void ClickCopyTx::Discard() {
  rows_.clear();
  sql::GroupedClickTx::Discard();
}

Status ClickCopyTx::Flush() {
  std::vector<std::string> rows = std::exchange(rows_, {});
  if (rows.empty()) return sql::GroupedClickTx::Flush();
  std::size_t next = 0;
  auto copied = connection_.CopyFrom(
      "clicks (occurred_at, visitor_high, visitor_low, address_high, address_low, program_ref, advocate_ref, "
      "user_agent_ref, referrer_ref, is_bot, channel)",
      [&](std::string& row) -> Result<bool> {
        if (next == rows.size()) return false;
        row = std::move(rows[next++]);
        return true;
      });
  if (!copied.ok()) {
    sql::GroupedClickTx::Discard();
    return std::move(copied).error();
  }
  if (*copied != static_cast<std::int64_t>(rows.size())) {
    sql::GroupedClickTx::Discard();
    return Error::Internal("click copy: " + std::to_string(*copied) + " of " + std::to_string(rows.size()) +
                           " rows were taken");
  }
  return sql::GroupedClickTx::Flush();
}

}  // namespace bb::store::postgres
