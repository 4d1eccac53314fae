// A program's advocates (or accounts) by quadrant as a 2×2 grid — high or low CLV (what they buy) by high or low
// CRV (what the customers they referred bring) — each with its count and what it calls for; choosing
// one lists only its advocates (accounts). Below: where each axis splits, the retention used, and the method
// the figures are computed by.
import type { ValueBasis, ValueQuadrant } from "../models";
import { quadrants, retentionWords, splitWords, unitNames } from "./value_words";

interface Props {
  basis: ValueBasis;
  selected: string; // the quadrant listed alone, or ""
  onSelect: (quadrant: string) => void; // "" lists every line again
}

function Cell({ quadrant, basis, selected, onSelect }: Props & { quadrant: ValueQuadrant }) {
  const q = quadrants.find((x) => x.value === quadrant)!;
  const count = basis.quadrants[quadrant];
  const on = selected === quadrant;
  return (
    <td class={on ? "value-quadrant value-quadrant-selected" : "value-quadrant"} data-quadrant={quadrant}>
      <button type="button" aria-pressed={on} onClick={() => onSelect(on ? "" : quadrant)}>
        <span class="value-quadrant-name">{q.name}</span> <span data-figure="count">{count.toLocaleString()}</span>
      </button>
      <p class="hint">{q.action}</p>
    </td>
  );
}

export function ValueQuadrants(props: Props) {
  const { basis } = props;
  const many = unitNames(basis)[1];
  const title = `${many[0].toUpperCase()}${many.slice(1)} by quadrant`;
  return (
    <>
      <div class="table-scroll" role="region" aria-label={title} tabIndex={0}>
        <table class="table value-quadrants">
          <caption>{title}: choose one to list only its {many}</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">High CRV (their referrals bring much)</th>
              <th scope="col">Low CRV</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">High CLV (they buy much)</th>
              <Cell {...props} quadrant="champion" />
              <Cell {...props} quadrant="affluent" />
            </tr>
            <tr>
              <th scope="row">Low CLV</th>
              <Cell {...props} quadrant="advocate" />
              <Cell {...props} quadrant="miser" />
            </tr>
          </tbody>
        </table>
      </div>
      <dl class="definitions">
        <dt>High CLV</dt>
        <dd data-figure="clv-split">{splitWords(basis, "clv")}</dd>
        <dt>High CRV</dt>
        <dd data-figure="crv-split">{splitWords(basis, "crv")}</dd>
        <dt>Retention used</dt>
        <dd data-figure="retention">{retentionWords(basis)}</dd>
      </dl>
      <details class="value-method">
        <summary>How these figures are computed</summary>
        <p>{basis.method}</p>
        <p>
          Under version {basis.settings.version} of the settings, a referred customer's yearly margin counts{" "}
          {basis.customer_multiplier.toLocaleString(undefined, { maximumFractionDigits: 4 })} times over the horizon.{" "}
          {basis.view === "projected"
            ? "Projected: the referrals still to come are added at each advocate's pace of the last 365 days."
            : "Realized: only what has happened by the day chosen."}
        </p>
      </details>
    </>
  );
}
