#include "store/sql/grouped_click_tx.h"

namespace bb::store::sql {

Status GroupedClickTx::InsertClick(const domain::Click& click) {
  BB_RETURN_IF_ERROR(InsertClickRow(click));
  pending_.Add(click);
  return Ok();
}

Status GroupedClickTx::RebuildClickDays(std::string_view program_id, std::int64_t from_day, std::int64_t before_day) {
  BB_RETURN_IF_ERROR(Flush());
  return SqlTx::RebuildClickDays(program_id, from_day, before_day);
}

Status GroupedClickTx::Flush() { return pending_.Apply(connection(), summary_shard()); }

}  // namespace bb::store::sql
