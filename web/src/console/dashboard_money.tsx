// The dashboard's money, per currency and on the answer's basis: revenue of the wins against the
// reward cost (rewards not reversed), the committed part of that cost (rewards still pending) shown
// apart, the program cost staff entered for the range, and ROI over both costs. A chart, and the
// same numbers in a table beside it.
import { basisPoints, majorUnits, money } from "../format";
import type { MoneyFigures } from "../models";
import { Chart } from "../ui/chart";

const colors = { revenue: "#1d4ed8", cost: "#b45309", committed: "#7c3aed", program: "#475569" };

// A bar's value in major units, carrying the exact amount for the tooltip.
const bar = (minor: number, currency: string) => ({ value: majorUnits(minor, currency), text: money(minor, currency) });

export function MoneyTable({ money: figures }: { money: MoneyFigures[] }) {
  return (
    <table class="table">
      <caption class="visually-hidden">Revenue and reward cost</caption>
      <thead>
        <tr>
          <th scope="col">Currency</th>
          <th scope="col">Revenue</th>
          <th scope="col">Reward cost</th>
          <th scope="col">Committed (pending)</th>
          <th scope="col">Program cost</th>
          <th scope="col">ROI</th>
        </tr>
      </thead>
      <tbody>
        {figures.map((m) => (
          <tr key={m.currency}>
            <th scope="row">{m.currency}</th>
            <td class="number">{money(m.revenue_minor, m.currency)}</td>
            <td class="number">{money(m.reward_cost_minor, m.currency)}</td>
            <td class="number">{money(m.committed_minor, m.currency)}</td>
            <td class="number">{money(m.program_cost_minor, m.currency)}</td>
            <td class="number" data-testid={`roi-${m.currency}`}>
              {basisPoints(m.roi_bp)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MoneyPanel({ money: figures }: { money: MoneyFigures[] }) {
  const spoken = figures
    .map(
      (m) =>
        `${m.currency}: revenue ${money(m.revenue_minor, m.currency)}, reward cost ${money(m.reward_cost_minor, m.currency)} ` +
        `(${money(m.committed_minor, m.currency)} committed), program cost ${money(m.program_cost_minor, m.currency)}, ` +
        `ROI ${basisPoints(m.roi_bp)}`,
    )
    .join("; ");
  return (
    <section class="card" aria-labelledby="money-title">
      <h2 id="money-title">Revenue and reward cost</h2>
      {figures.length === 0 ? (
        <p class="muted">No revenue and no reward cost on this basis.</p>
      ) : (
        <>
          <Chart
            label={`Revenue and reward cost by currency: ${spoken}`}
            option={{
              tooltip: {
                trigger: "axis",
                formatter: (items: { seriesName: string; data: { text: string } }[]) =>
                  items.map((i) => `${i.seriesName}: ${i.data.text}`).join("<br>"),
              },
              legend: { top: 0, itemGap: 24 },
              grid: { left: 60, right: 10, bottom: 30, top: 30 },
              xAxis: { type: "category", data: figures.map((m) => m.currency) },
              yAxis: { type: "value" },
              series: [
                { name: "Revenue", type: "bar", color: colors.revenue, data: figures.map((m) => bar(m.revenue_minor, m.currency)) },
                { name: "Reward cost", type: "bar", color: colors.cost, data: figures.map((m) => bar(m.reward_cost_minor, m.currency)) },
                {
                  name: "Committed (pending)",
                  type: "bar",
                  color: colors.committed,
                  data: figures.map((m) => bar(m.committed_minor, m.currency)),
                },
                {
                  name: "Program cost",
                  type: "bar",
                  color: colors.program,
                  data: figures.map((m) => bar(m.program_cost_minor, m.currency)),
                },
              ],
            }}
          />
          <MoneyTable money={figures} />
          <p class="hint">
            Reward cost counts every reward not reversed; committed is its part still pending approval. ROI is revenue less
            reward cost, over reward cost.
          </p>
        </>
      )}
    </section>
  );
}
