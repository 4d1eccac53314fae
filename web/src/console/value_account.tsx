// One account's valuation as of the day chosen: the company's five figures, how its CLV was made
// (its people's own inputs added up, or the program's figure once), and its advocates' own lines
// (the 100 highest by CEV); choosing an advocate opens their valuation.
import { get, query } from "../api";
import { money } from "../format";
import type { AccountValueDetail } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ValueKpis } from "./value_kpis";
import { AdvocateValueHead, AdvocateValueRow } from "./value_table";
import { accountFigureNames, quadrantName } from "./value_words";

interface Props {
  programId: string;
  domain: string;
  asOf?: string; // an instant; now when absent
  view: string;
  round: number;
  onSelectAdvocate: (advocateId: string) => void;
}

function Figures({ d }: { d: AccountValueDetail }) {
  const a = d.account;
  const c = d.currency;
  return (
    <>
      <ValueKpis v={a} clvName={accountFigureNames.clv} currency={c} />
      <p>
        <span data-figure="quadrant">{quadrantName(a.quadrant)}</span>; rank {a.rank.toLocaleString()} by CEV among
        the accounts; {a.advocates.toLocaleString()} {a.advocates === 1 ? "advocate" : "advocates"}.{" "}
        <span data-figure="clv-inputs">
          {a.clv_inputs === "advocates"
            ? `Its CLV adds up the own figures of ${a.own_inputs_advocates.toLocaleString()} of its people.`
            : "Its CLV is the program's yearly revenue per customer, counted once for the company."}
        </span>{" "}
        {a.referred_customers.toLocaleString()} referred customers count; {money(a.rewards_minor, c)} of rewards
        subtracted.
      </p>
    </>
  );
}

export function ValueAccount({ programId, domain, asOf, view, round, onSelectAdvocate }: Props) {
  const detail = useLoad(
    () => get<AccountValueDetail>(
      `/api/v1/customer-value/accounts/${encodeURIComponent(domain)}${query({ program_id: programId, as_of: asOf, view })}`),
    [programId, domain, asOf, view, round],
  );
  const d = detail.data;
  return (
    <section class="card" aria-labelledby="value-account-title">
      <h2 id="value-account-title">{domain}</h2>
      {detail.error ? <Notice kind="error">{detail.error.message}</Notice> : null}
      {d ? (
        <>
          <Figures d={d} />
          <h3>Its advocates</h3>
          <div class="table-scroll" role="region" aria-label={`Advocates of ${domain}`} tabIndex={0}>
            <table class="table value-table">
              <caption class="visually-hidden">The account's advocates by CEV, each ranked among all the program's</caption>
              <AdvocateValueHead />
              <tbody>
                {d.advocates.map((v) => (
                  <AdvocateValueRow key={v.advocate_id} v={v} currency={d.currency} selected={false} onSelect={onSelectAdvocate} />
                ))}
              </tbody>
            </table>
          </div>
          {d.account.advocates > d.advocates.length ? (
            <p class="hint">The {d.advocates.length.toLocaleString()} highest by CEV of {d.account.advocates.toLocaleString()}.</p>
          ) : null}
        </>
      ) : detail.error ? null : (
        <Loading />
      )}
    </section>
  );
}
