// Forms: labelled fields whose errors come from the client's own checks first and then from the
// server's problem+json (the field it names is highlighted with its message). What was typed is
// kept on every failure, including an expired session.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../api";
import { maxMinor, minorDigits, money, parseMoney, parseScaled } from "../format";

export type Values = Record<string, string>;
export type Check = (values: Values) => Record<string, string>;

export interface FormState {
  values: Values;
  errors: Record<string, string>;
  message: string;
  busy: boolean;
  set: (name: string, value: string) => void;
  reset: (values: Values) => void;
  // Runs `check`, then `action`; maps an ApiError onto the fields. Resolves to true on success.
  submit: (action: (values: Values) => Promise<void>) => Promise<boolean>;
}

// `fieldOf` maps a server field name ("referee.email") to the form's ("email").
export function useForm(initial: Values, check: Check = () => ({}), fieldOf: (f: string) => string = (f) => f): FormState {
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  return {
    values,
    errors,
    message,
    busy,
    set: (name, value) => {
      setValues((old) => ({ ...old, [name]: value }));
      setErrors((old) => {
        if (!(name in old)) return old;
        const next = { ...old };
        delete next[name];
        return next;
      });
    },
    reset: (next) => {
      setValues(next);
      setErrors({});
      setMessage("");
    },
    submit: async (action) => {
      const found = check(values);
      setErrors(found);
      if (Object.keys(found).length > 0) {
        setMessage("Check the highlighted fields.");
        return false;
      }
      setBusy(true);
      setMessage("");
      try {
        await action(values);
        return true;
      } catch (error) {
        if (error instanceof ApiError) {
          const fields: Record<string, string> = {};
          for (const e of error.problem.errors ?? []) fields[fieldOf(e.field)] = e.message;
          setErrors(fields);
          setMessage(error.problem.detail || error.problem.title);
        } else {
          setMessage(String(error));
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

interface FieldProps {
  form: FormState;
  name: string;
  label: string;
  id?: string; // when the same form appears several times on a page
  type?: string;
  required?: boolean;
  autoComplete?: string;
  hint?: string;
  placeholder?: string; // what an empty field stands for (e.g. the default it keeps)
  multiline?: boolean;
  inputMode?: "text" | "decimal" | "numeric" | "email" | "tel";
  options?: { value: string; label: string }[];
}

export function Field(props: FieldProps) {
  const { form, name } = props;
  const id = props.id ?? `field-${name}`;
  const error = form.errors[name];
  const described = [props.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const common = {
    id,
    name,
    value: form.values[name] ?? "",
    required: props.required,
    placeholder: props.placeholder,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": described || undefined,
    onInput: (e: Event) => form.set(name, (e.currentTarget as HTMLInputElement).value),
  };
  let control;
  if (props.options) {
    control = (
      <select {...common} onChange={common.onInput}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (props.multiline) {
    control = <textarea {...common} rows={4} />;
  } else {
    control = <input {...common} type={props.type ?? "text"} autoComplete={props.autoComplete} inputMode={props.inputMode} />;
  }
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {control}
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormMessage({ form }: { form: FormState }) {
  if (!form.message) return null;
  return (
    <p class="notice notice-error" role="alert">
      {form.message}
    </p>
  );
}

export function Submit({ form, children }: { form: FormState; children: ComponentChildren }) {
  return (
    <button type="submit" class="primary" disabled={form.busy}>
      {form.busy ? "Working…" : children}
    </button>
  );
}

// A form's list of rows whose fields are named as the server names them ("levels[1].min_points"):
// the values with row `index` of `list` taken out and the rows after it moved up one.
export function withoutRow(values: Values, list: string, fields: string[], count: number, index: number): Values {
  const next: Values = { ...values };
  for (let i = index; i < count; i++) {
    for (const f of fields) {
      const later = values[`${list}[${i + 1}].${f}`];
      if (i + 1 < count && later !== undefined) next[`${list}[${i}].${f}`] = later;
      else delete next[`${list}[${i}].${f}`];
    }
  }
  return next;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The fields of a request body `after` that differ from `before` (compared by their JSON), for a
// PATCH that sends only what the form changed; empty when nothing did.
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(after).filter(([name, value]) => JSON.stringify(before[name]) !== JSON.stringify(value)));
}

// Client-side checks shared by the forms; the server stays the judge.
export function requireFields(values: Values, names: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, what] of Object.entries(names)) {
    if (!(values[name] ?? "").trim()) errors[name] = `is required: ${what}`;
  }
  return errors;
}

export function checkEmail(values: Values, name: string, errors: Record<string, string>): Record<string, string> {
  const value = (values[name] ?? "").trim();
  if (value && !emailPattern.test(value)) errors[name] = "is not an email address";
  return errors;
}

// A new password: 12 to 256 characters as the server counts them (code points, not UTF-16 units).
export function checkNewPassword(values: Values, name: string, errors: Record<string, string>): Record<string, string> {
  const length = [...(values[name] ?? "")].length;
  if (!errors[name] && length < 12) errors[name] = "must be at least 12 characters";
  if (!errors[name] && length > 256) errors[name] = "must be at most 256 characters";
  return errors;
}

// An amount typed in major units of `currency`: digits with at most the currency's decimals, up to
// the server's bound of 10^15 minor units. An empty field passes (requireFields decides that).
export function checkAmount(values: Values, name: string, currency: string, errors: Record<string, string>): Record<string, string> {
  const text = (values[name] ?? "").trim();
  if (!text || errors[name]) return errors;
  const minor = parseMoney(text, currency);
  const digits = minorDigits(currency);
  if (minor === null) {
    errors[name] = `is not an amount in ${currency} (${digits ? `up to ${digits} decimals` : "no decimals"})`;
  } else if (minor > maxMinor) {
    errors[name] = `must be at most ${money(maxMinor, currency)}`;
  }
  return errors;
}

// A number typed with at most `decimals` decimals, between `min` and `max` (in typed units, shown
// with `unit`, e.g. "%"); `what` says what it is in the message ("a percentage"). Empty passes.
export function checkNumber(
  values: Values,
  name: string,
  limits: { min: number; max: number; decimals: number; what: string; unit?: string },
  errors: Record<string, string>,
): Record<string, string> {
  const text = (values[name] ?? "").trim();
  if (!text || errors[name]) return errors;
  const scaled = parseScaled(text, limits.decimals);
  const scale = 10 ** limits.decimals;
  const unit = limits.unit ?? "";
  const range = `between ${limits.min.toLocaleString()}${unit} and ${limits.max.toLocaleString()}${unit}`;
  if (scaled === null) {
    errors[name] = `is not ${limits.what} (${limits.decimals ? `up to ${limits.decimals} decimals` : "a whole number"})`;
  } else if (scaled < limits.min * scale || scaled > limits.max * scale) {
    errors[name] = `must be ${range}`;
  }
  return errors;
}
