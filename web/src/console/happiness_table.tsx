// The happiness report as a table: one row per group (a staff member, a kind of interaction or a
// program), then every group together; each column says what it counts.
import type { ComponentChildren } from "preact";
import { basisPoints } from "../format";
import type { HappinessGroup, HappinessReport } from "../models";
import { groupings } from "./happiness_words";

function Heading({ title, hint, number = true }: { title: string; hint?: string; number?: boolean }) {
  return (
    <th scope="col" class={number ? "number" : undefined}>
      {title}
      {hint ? <span class="hint">{hint}</span> : null}
    </th>
  );
}

// A share with the count it is of: "50.0% (1)".
function Share({ bp, count }: { bp: number | null; count: number }) {
  return (
    <td class="number">
      {basisPoints(bp)} <span class="muted">({count.toLocaleString()})</span>
    </td>
  );
}

function Row({ group, name }: { group: HappinessGroup; name: ComponentChildren }) {
  return (
    <>
      <th scope="row">{name}</th>
      <td class="number">{group.total.toLocaleString()}</td>
      <Share bp={group.pct_happy_bp} count={group.happy} />
      <Share bp={group.pct_ok_bp} count={group.ok} />
      <Share bp={group.pct_unhappy_bp} count={group.unhappy} />
      <td class="number">{basisPoints(group.happiness_score_bp)}</td>
      <td class="number">{group.points.toLocaleString()}</td>
      <td class="number">
        {basisPoints(group.response_rate_bp)} <span class="muted">({group.requests.toLocaleString()} asked)</span>
      </td>
    </>
  );
}

export function HappinessTable({ report }: { report: HappinessReport }) {
  const column = groupings.find((g) => g.value === report.group_by)?.column ?? "Group";
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Happiness by group">
      <table class="table happiness">
        <caption class="visually-hidden">Happiness ratings by group, then all together</caption>
        <thead>
          <tr>
            <Heading title={column} number={false} />
            <Heading title="Ratings" hint="that count" />
            <Heading title="Happy" hint="% of the ratings (how many)" />
            <Heading title="OK" hint="% of the ratings (how many)" />
            <Heading title="Unhappy" hint="% of the ratings (how many)" />
            <Heading title="Happiness score" hint="% happy − % unhappy, from −100 to 100" />
            <Heading title="Points" hint="1 per happy, 1 more per wow, −1 per unhappy" />
            <Heading title="Response rate" hint="% of the requests rated" />
          </tr>
        </thead>
        <tbody>
          {report.groups.map((g) => (
            <tr key={g.key}>
              <Row group={g} name={g.name} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr class="all">
            <Row group={report.all} name="All" />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
