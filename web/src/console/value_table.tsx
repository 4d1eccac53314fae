// The program's advocates ranked by value, a page at a time: each row their rank by CEV, their
// quadrant, the five figures (money in the program's currency) and the customers they referred;
// each column header says what it counts. Choosing an advocate opens their valuation below.
import { money } from "../format";
import type { AdvocateValue, CustomerValueList } from "../models";
import { Badge } from "../ui/layout";
import { NextPage, useMorePages } from "./value_pages";
import { figureNames, quadrantName } from "./value_words";

interface Props {
  first: CustomerValueList; // the first page
  more: (cursor: string) => Promise<CustomerValueList>;
  selected: string; // the advocate whose valuation is open, or ""
  onSelect: (advocateId: string) => void;
}

// One advocate's line (also an account's advocates, below the account).
export function AdvocateValueRow({ v, currency, selected, onSelect }: { v: AdvocateValue; currency: string; selected: boolean; onSelect: (id: string) => void }) {
  return (
    <tr data-advocate={v.advocate_id}>
      <td data-figure="rank">{v.rank.toLocaleString()}</td>
      <th scope="row">
        <button type="button" class="link-button" aria-pressed={selected} onClick={() => onSelect(selected ? "" : v.advocate_id)}>
          {v.name || v.email}
        </button>
        {v.company ? <div class="muted">{v.company}</div> : null}
      </th>
      <td data-figure="quadrant">
        <Badge value={`quadrant-${v.quadrant}`} text={quadrantName(v.quadrant)} />
      </td>
      <td class="number" data-figure="clv">{money(v.clv_minor, currency)}</td>
      <td class="number" data-figure="crv">{money(v.crv_minor, currency)}</td>
      <td class="number" data-figure="civ">{money(v.civ_minor, currency)}</td>
      <td class="number" data-figure="ckv">{money(v.ckv_minor, currency)}</td>
      <td class="number" data-figure="cev">{money(v.cev_minor, currency)}</td>
      <td class="number" data-figure="referred">{v.referred_customers.toLocaleString()}</td>
    </tr>
  );
}

// The columns of AdvocateValueRow.
export function AdvocateValueHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Rank by CEV</th>
        <th scope="col">Advocate</th>
        <th scope="col">Quadrant</th>
        <th scope="col">{figureNames.clv}</th>
        <th scope="col">{figureNames.crv}</th>
        <th scope="col">{figureNames.civ}</th>
        <th scope="col">{figureNames.ckv}</th>
        <th scope="col">{figureNames.cev}</th>
        <th scope="col">Referred customers (won, not reversed)</th>
      </tr>
    </thead>
  );
}

export function ValueTable({ first, more, selected, onSelect }: Props) {
  const pages = useMorePages(first, more);
  const rows = pages.rows;
  if (rows.length === 0) return <p class="muted">No advocates here as of the day chosen.</p>;
  return (
    <>
      <div class="table-scroll" role="region" aria-label="Advocates by value" tabIndex={0}>
        <table class="table value-table">
          <caption class="visually-hidden">Advocates by value, the highest first in the order chosen</caption>
          <AdvocateValueHead />
          <tbody>
            {rows.map((v) => (
              <AdvocateValueRow key={v.advocate_id} v={v} currency={first.currency} selected={v.advocate_id === selected} onSelect={onSelect} />
            ))}
          </tbody>
        </table>
      </div>
      <NextPage pages={pages} of="advocates" />
    </>
  );
}
