// The program's accounts — companies, by their advocates' email domain — ranked by value, a page at
// a time: each row its rank by CEV, its quadrant, its advocates, the five figures (money in the
// program's currency) and the customers its people referred. Choosing an account opens it below.
import { money } from "../format";
import type { AccountValue, AccountValueList } from "../models";
import { Badge } from "../ui/layout";
import { NextPage, useMorePages } from "./value_pages";
import { accountFigureNames, figureNames, quadrantName } from "./value_words";

interface Props {
  first: AccountValueList; // the first page
  more: (cursor: string) => Promise<AccountValueList>;
  selected: string; // the account whose valuation is open, or ""
  onSelect: (domain: string) => void;
}

function Row({ a, currency, selected, onSelect }: { a: AccountValue; currency: string; selected: boolean; onSelect: (domain: string) => void }) {
  return (
    <tr data-account={a.domain}>
      <td data-figure="rank">{a.rank.toLocaleString()}</td>
      <th scope="row">
        <button type="button" class="link-button" aria-pressed={selected} onClick={() => onSelect(selected ? "" : a.domain)}>
          {a.domain}
        </button>
      </th>
      <td data-figure="quadrant">
        <Badge value={`quadrant-${a.quadrant}`} text={quadrantName(a.quadrant)} />
      </td>
      <td class="number" data-figure="advocates">{a.advocates.toLocaleString()}</td>
      <td class="number" data-figure="clv">{money(a.clv_minor, currency)}</td>
      <td class="number" data-figure="crv">{money(a.crv_minor, currency)}</td>
      <td class="number" data-figure="civ">{money(a.civ_minor, currency)}</td>
      <td class="number" data-figure="ckv">{money(a.ckv_minor, currency)}</td>
      <td class="number" data-figure="cev">{money(a.cev_minor, currency)}</td>
      <td class="number" data-figure="referred">{a.referred_customers.toLocaleString()}</td>
    </tr>
  );
}

export function ValueAccountTable({ first, more, selected, onSelect }: Props) {
  const pages = useMorePages(first, more);
  const rows = pages.rows;
  if (rows.length === 0) return <p class="muted">No accounts here as of the day chosen.</p>;
  return (
    <>
      <div class="table-scroll" role="region" aria-label="Accounts by value" tabIndex={0}>
        <table class="table value-table">
          <caption class="visually-hidden">Accounts by value, the highest first in the order chosen</caption>
          <thead>
            <tr>
              <th scope="col">Rank by CEV</th>
              <th scope="col">Account (email domain)</th>
              <th scope="col">Quadrant</th>
              <th scope="col">Advocates</th>
              <th scope="col">{accountFigureNames.clv}</th>
              <th scope="col">{figureNames.crv}</th>
              <th scope="col">{figureNames.civ}</th>
              <th scope="col">{figureNames.ckv}</th>
              <th scope="col">{figureNames.cev}</th>
              <th scope="col">Referred customers (won, not reversed)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <Row key={a.domain} a={a} currency={first.currency} selected={a.domain === selected} onSelect={onSelect} />
            ))}
          </tbody>
        </table>
      </div>
      <NextPage pages={pages} of="accounts" />
    </>
  );
}
