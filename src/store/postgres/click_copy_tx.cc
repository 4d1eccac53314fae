#include "store/postgres/click_copy_tx.h"

#include <utility>

namespace bb::store::postgres {

Status ClickCopyTx::InsertClickRow(const domain::Click& c) {
  std::string row;
  auto field = [&](std::string_view value) {
    if (!row.empty()) row += '\t';
    Connection::AppendCopyField(row, value);
  };
  field(c.program_id);
  field(c.advocate_id);
  field(c.code);
  field(std::to_string(ToMicros(c.occurred_at)));
  field(c.channel);
  field(c.visitor_id);
  field(c.ip_hash);
  field(c.user_agent);
  field(c.referrer);
  field(c.is_bot ? "1" : "0");
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
      "clicks (program_id, advocate_id, code, occurred_at, channel, visitor_id, ip_hash, user_agent, referrer, is_bot)",
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
