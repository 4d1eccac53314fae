// An advocate's balances, one group per currency: pending, approved and paid.
import { money } from "../format";
import type { Balance } from "../models";

export function BalanceTotals({ balances }: { balances: Balance[] }) {
  return (
    <dl class="totals">
      {balances.flatMap((b) => [
        <div key={`${b.currency}-p`}>
          <dt>Pending</dt>
          <dd>{money(b.pending_minor, b.currency)}</dd>
        </div>,
        <div key={`${b.currency}-a`}>
          <dt>Approved</dt>
          <dd>{money(b.approved_minor, b.currency)}</dd>
        </div>,
        <div key={`${b.currency}-f`}>
          <dt>Paid</dt>
          <dd>{money(b.paid_minor, b.currency)}</dd>
        </div>,
      ])}
    </dl>
  );
}
