// The five figures of one valuation (an advocate's or an account's) as key figures, each named as
// the columns name it (the CLV as `clvName` says: a person's or a company's), in the program's
// currency.
import { money } from "../format";
import { figureNames } from "./value_words";

interface Figures {
  clv_minor: number;
  crv_minor: number;
  civ_minor: number;
  ckv_minor: number;
  cev_minor: number;
}

export function ValueKpis({ v, clvName, currency }: { v: Figures; clvName: string; currency: string }) {
  const figures: [string, string, number][] = [
    ["clv", clvName, v.clv_minor],
    ["crv", figureNames.crv, v.crv_minor],
    ["civ", figureNames.civ, v.civ_minor],
    ["ckv", figureNames.ckv, v.ckv_minor],
    ["cev", figureNames.cev, v.cev_minor],
  ];
  return (
    <dl class="kpis">
      {figures.map(([key, name, minor]) => (
        <div class="kpi" key={key}>
          <dt>{name}</dt>
          <dd data-figure={key}>{money(minor, currency)}</dd>
        </div>
      ))}
    </dl>
  );
}
