// A program's figures per month, on its page: what running the program cost (counted in the
// dashboard's ROI, prorated to its range), the business's new pipeline and revenue from every
// source, and its customers (at the month's start, won, lost: the customers report compares the
// referred ones with the rest). Managers enter, replace and delete a month — "Edit" fills the form
// with the month as entered, since saving replaces every figure; the list is oldest first.
import { useState } from "preact/hooks";
import { ApiError, get, put, remove } from "../api";
import { minorDigits, money, parseMoney, parseScaled } from "../format";
import type { Program, ProgramMonth } from "../models";
import { useLoad } from "../ui/data";
import { checkAmount, checkNumber, Field, FormMessage, Submit, useForm, type Values } from "../ui/form";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { Notice } from "../ui/layout";

const figures = [
  { name: "cost_minor", label: "Program cost" },
  { name: "total_pipeline_minor", label: "All new pipeline" },
  { name: "total_revenue_minor", label: "All new revenue" },
] as const;

const counts = [
  { name: "total_customers_at_start", label: "Customers at the start" },
  { name: "total_new_customers", label: "New customers" },
  { name: "total_churned_customers", label: "Customers lost" },
] as const;

const maxCount = 1_000_000_000_000;

const empty = {
  month: "",
  cost_minor: "",
  total_pipeline_minor: "",
  total_revenue_minor: "",
  total_customers_at_start: "",
  total_new_customers: "",
  total_churned_customers: "",
  note: "",
};

// A month's entered figures as the form's text (amounts in major units, as typed).
function asForm(m: ProgramMonth, currency: string): Values {
  const digits = minorDigits(currency);
  const values: Values = { ...empty, month: m.month, note: m.note };
  for (const f of figures) {
    const minor = m[f.name];
    if (minor !== null) values[f.name] = digits ? (minor / 10 ** digits).toFixed(digits) : String(minor);
  }
  for (const c of counts) if (m[c.name] !== null) values[c.name] = String(m[c.name]);
  return values;
}

function shown(value: number | null, currency: string): string {
  return value === null ? "—" : money(value, currency);
}

export function ProgramMonths({ program }: { program: Program }) {
  const months = useLoad(() => get<{ data: ProgramMonth[] }>(`/api/v1/programs/${program.id}/months`), [program.id]);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [failure, setFailure] = useState("");
  const deleteMonth = async (month: string) => {
    setDeleting(null);
    setFailure("");
    try {
      await remove(`/api/v1/programs/${program.id}/months/${month}`);
    } catch (error) {
      setFailure(error instanceof ApiError ? error.problem.detail || error.problem.title : String(error));
    }
    months.reload();
  };
  const currency = program.currency;
  const form = useForm(empty, (v: Values) => {
    const errors: Record<string, string> = {};
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v.month.trim())) errors.month = "is required: a month";
    for (const f of figures) checkAmount(v, f.name, currency, errors);
    for (const c of counts) checkNumber(v, c.name, { min: 0, max: maxCount, decimals: 0, what: "a number of customers" }, errors);
    if (![...figures, ...counts].some((f) => v[f.name].trim())) errors.cost_minor = "or another figure is required";
    return errors;
  });
  const save = () =>
    form.submit(async (v) => {
      const body: Record<string, unknown> = { note: v.note };
      for (const f of figures) if (v[f.name].trim()) body[f.name] = parseMoney(v[f.name], currency);
      for (const c of counts) if (v[c.name].trim()) body[c.name] = parseScaled(v[c.name], 0);
      await put(`/api/v1/programs/${program.id}/months/${v.month.trim()}`, body);
      form.reset(empty);
      months.reload();
    });
  return (
    <section class="card" aria-labelledby="months-title">
      <h2 id="months-title">Monthly figures</h2>
      <p class="hint">
        What running the program cost each month (software, staff, services: rewards are counted from the ledger), the
        business's new pipeline and revenue from every source, in {currency}, and its customers from every source. The
        dashboard counts the program cost in its ROI, spread over each month's days, and compares referred customers
        with the rest.
      </p>
      {months.error ? <Notice kind="error">{months.error.message}</Notice> : null}
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <ConfirmDialog
        id="delete-month"
        title={`Delete the figures of ${deleting ?? ""}?`}
        confirm="Yes, delete them"
        open={deleting !== null}
        onConfirm={() => deleting && void deleteMonth(deleting)}
        onCancel={() => setDeleting(null)}
      >
        <p>The dashboard and the reports will count no program cost or totals for that month.</p>
      </ConfirmDialog>
      {months.data && months.data.data.length > 0 ? (
        <table class="table">
          <caption class="visually-hidden">Monthly figures</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              {[...figures, ...counts].map((f) => (
                <th scope="col" key={f.name}>
                  {f.label}
                </th>
              ))}
              <th scope="col">Note</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {months.data.data.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.month}</th>
                {figures.map((f) => (
                  <td class="number" key={f.name}>
                    {shown(m[f.name], currency)}
                  </td>
                ))}
                {counts.map((c) => (
                  <td class="number" key={c.name}>
                    {m[c.name] === null ? "—" : m[c.name]!.toLocaleString()}
                  </td>
                ))}
                <td>{m.note}</td>
                <td>
                  <button
                    type="button"
                    class="link-button"
                    aria-label={`Edit the figures of ${m.month}`}
                    onClick={() => form.reset(asForm(m, currency))}
                  >
                    Edit
                  </button>{" "}
                  <button
                    type="button"
                    class="link-button"
                    aria-label={`Delete the figures of ${m.month}`}
                    onClick={() => setDeleting(m.month)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : months.data ? (
        <p class="muted">No month entered yet.</p>
      ) : null}
      <form
        class="form"
        noValidate
        aria-label="Enter a month's figures"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <FormMessage form={form} />
        <div class="field-grid">
          <Field form={form} name="month" label="Month" type="month" required hint="Entering a month again replaces it" />
          {figures.map((f) => (
            <Field key={f.name} form={form} name={f.name} label={`${f.label} (${currency})`} inputMode="decimal" />
          ))}
          {counts.map((c) => (
            <Field key={c.name} form={form} name={c.name} label={c.label} inputMode="numeric" />
          ))}
          <Field form={form} name="note" label="Note" />
        </div>
        <Submit form={form}>Record the month</Submit>
      </form>
    </section>
  );
}
