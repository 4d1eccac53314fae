// The filter controls of the console's lists: a labelled select whose change is applied at once
// (the page keeps its filters in the address, so they survive a reload and can be shared).
import { label } from "../format";
import type { Program } from "../models";

interface FilterProps {
  id: string;
  title: string;
  value: string;
  onChange: (value: string) => void;
}

// One value out of `choices`; `anyLabel` names the empty choice (no filter), when there is one.
// `describedBy` names an element that says more about the choice made (the dashboard's basis).
export function ChoiceFilter(
  props: FilterProps & { choices: { value: string; label: string }[]; anyLabel?: string; describedBy?: string },
) {
  return (
    <div class="field">
      <label for={props.id}>{props.title}</label>
      <select id={props.id} value={props.value} aria-describedby={props.describedBy}
        onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.anyLabel !== undefined ? <option value="">{props.anyLabel}</option> : null}
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ProgramFilter(props: FilterProps & { programs: Program[]; anyLabel?: string }) {
  return <ChoiceFilter {...props} choices={props.programs.map((p) => ({ value: p.id, label: p.name }))} />;
}

// Choices named after their values ("pending" shown as "Pending").
export function named(values: string[]): { value: string; label: string }[] {
  return values.map((value) => ({ value, label: label(value) }));
}
