// CSV imports of advocates and historical referrals in the browser: the fields an import knows, the header row of a chosen
// file read as the server reads it (RFC 4180, comma or semicolon, a byte order mark dropped,
// cells trimmed), and which column holds which field, matched by name as the server matches it
// (src/domain/import.cc: letters in any case, spaces and hyphens as underscores, the same
// synonyms), so that the mapping offered starts where the server would.

export type ImportKind = "advocates" | "referrals";

export interface ImportField {
  field: string;
  label: string;
  hint?: string;
  required?: boolean;
  synonyms: string[]; // normalised headers that mean the field, as src/domain/import.cc has them
}

// The fields of an advocate, in the order shown; attributes.<key> come after them.
const advocateFields: ImportField[] = [
  { field: "email", label: "Email", hint: "Required: the advocate is found or made by it.", required: true, synonyms: ["e_mail", "email_address", "e_mail_address", "mail"] },
  { field: "first_name", label: "First name", hint: "Required for a new advocate.", synonyms: ["firstname", "given_name", "first", "forename"] },
  { field: "last_name", label: "Last name", synonyms: ["lastname", "surname", "family_name", "last"] },
  { field: "company", label: "Company", synonyms: ["company_name", "organization", "organisation", "account", "account_name"] },
  { field: "tags", label: "Tags", hint: "Separated by , ; or |. Tags are only ever added.", synonyms: ["tag", "labels"] },
  { field: "source", label: "Source", hint: "self_signup, staff, sales_rep, api or import (import when empty).", synonyms: [] },
  { field: "sales_rep", label: "Sales rep", hint: "A sales rep's email: the advocate is theirs.", synonyms: ["sales_rep_email", "rep", "owner", "owner_email", "account_owner"] },
];

// The fields of a historical referral, in the order shown.
const referralFields: ImportField[] = [
  { field: "advocate_email", label: "Advocate's email", hint: "Who referred: an advocate of the program (or give their code).", synonyms: ["advocate", "referrer", "referrer_email", "referred_by", "advocate_e_mail"] },
  { field: "code", label: "Advocate's code", hint: "Their referral code, instead of (or as well as) their email.", synonyms: ["referral_code", "advocate_code"] },
  { field: "email", label: "Referee's email", hint: "Required: the person referred.", required: true, synonyms: ["referee_email", "e_mail", "email_address", "referred_email", "contact_email"] },
  { field: "first_name", label: "First name", hint: "Required: the referee's.", synonyms: ["firstname", "given_name", "first", "referee_first_name"] },
  { field: "last_name", label: "Last name", synonyms: ["lastname", "surname", "family_name", "last", "referee_last_name"] },
  { field: "company", label: "Company", synonyms: ["company_name", "organization", "organisation", "account", "account_name"] },
  { field: "title", label: "Job title", synonyms: ["job_title", "position"] },
  { field: "phone", label: "Phone", synonyms: ["phone_number", "telephone", "mobile"] },
  { field: "product", label: "Product", synonyms: [] },
  { field: "channel", label: "Channel", synonyms: [] },
  { field: "note", label: "Note", synonyms: ["notes", "comment", "comments"] },
  { field: "stage", label: "Stage", hint: "submitted (when empty), qualified, opportunity, won, lost or rejected.", synonyms: ["status", "referral_stage"] },
  { field: "deal_value", label: "Deal value", hint: "Won referrals only, in the program's currency: 12500.50.", synonyms: ["amount", "deal_amount", "value", "deal_size"] },
  { field: "external_id", label: "CRM id", synonyms: ["crm_id", "deal_id", "opportunity_id", "lead_id"] },
  { field: "submitted_at", label: "Referred on", hint: "A date (2025-03-15) or date and time; today when empty.", synonyms: ["created_at", "referred_at", "date", "referral_date", "submitted"] },
  { field: "closed_at", label: "Closed on", hint: "Won, lost or rejected referrals only.", synonyms: ["close_date", "closed_date", "won_at", "closed"] },
];

export function importFields(kind: ImportKind): ImportField[] {
  return kind === "referrals" ? referralFields : advocateFields;
}

export const attributePrefix = "attributes.";

// The template offered for download: a header row naming the columns.
export function templateCsv(kind: ImportKind): string {
  return kind === "referrals"
    ? "advocate_email,email,first_name,last_name,company,stage,deal_value,submitted_at,closed_at,external_id\r\n"
    : "email,first_name,last_name,company,tags,attributes.plan\r\n";
}

const spaces = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;

function trim(text: string): string {
  return text.replace(spaces, "");
}

// Header text as the server compares it: trimmed, ASCII lower case, spaces and hyphens as underscores.
function normalizeHeader(header: string): string {
  return trim(header)
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(/[ -]/g, "_");
}

// The field of an import of `kind` a header names by itself ("E-mail" is email, "Attribute plan"
// is attributes.plan), or "": a field's own name first, then the synonyms.
export function fieldOfHeader(header: string, kind: ImportKind): string {
  const normalized = normalizeHeader(header);
  if (kind === "advocates") {
    for (const prefix of ["attributes.", "attribute.", "attributes_", "attribute_"]) {
      if (normalized.startsWith(prefix) && normalized.length > prefix.length) return attributePrefix + normalized.slice(prefix.length);
    }
  }
  const fields = importFields(kind);
  return (fields.find((f) => f.field === normalized) ?? fields.find((f) => f.synonyms.includes(normalized)))?.field ?? "";
}

export type Delimiter = "" | "," | ";"; // "" detects it from the header row

function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// The delimiter the server would choose: the one of , and ; that appears more often outside
// quotes on the first line (a comma on a tie or when neither appears).
export function detectDelimiter(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of withoutByteOrderMark(text)) {
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if (c === "\n" || c === "\r") break;
    if (c === ",") commas++;
    if (c === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

export interface HeaderRow {
  headers: string[]; // trimmed, as the server keeps them
  delimiter: "," | ";";
  complete: boolean; // false when `text` ended inside the header row (read more of the file)
}

// The first record of `text` that is not blank: the header row.
export function readHeaderRow(text: string, delimiter: Delimiter): HeaderRow {
  const body = withoutByteOrderMark(text);
  const used = delimiter || detectDelimiter(body);
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  const blank = () => fields.every((f) => f === "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === "" && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
    } else if (c === used) {
      fields.push(field);
      field = "";
      wasQuoted = false;
    } else if (c === "\n" || c === "\r") {
      fields.push(field);
      if (!blank()) return { headers: fields.map(trim), delimiter: used, complete: true };
      fields = [];
      field = "";
      wasQuoted = false;
    } else {
      field += c;
    }
  }
  fields.push(field);
  return { headers: blank() ? [] : fields.map(trim), delimiter: used, complete: !quoted };
}

export interface AttributeColumn {
  key: string;
  header: string;
}

// What the selects offer at first: per field, the first column named after it; and a row for each
// column named after an attribute.
export function matchColumns(headers: string[], kind: ImportKind): { fields: Record<string, string>; attributes: AttributeColumn[] } {
  const fields: Record<string, string> = {};
  const attributes: AttributeColumn[] = [];
  for (const header of headers) {
    const field = fieldOfHeader(header, kind);
    if (!field) continue;
    if (field.startsWith(attributePrefix)) {
      const key = field.slice(attributePrefix.length);
      if (!attributes.some((a) => a.key === key)) attributes.push({ key, header });
    } else if (!fields[field]) {
      fields[field] = header;
    }
  }
  return { fields, attributes };
}

// The import's query parameters for the mapping chosen: map.<field>=<header> for every field and
// attribute given a column.
export function mappingParameters(kind: ImportKind, fields: Record<string, string>, attributes: AttributeColumn[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field } of importFields(kind)) if (fields[field]) out[`map.${field}`] = fields[field];
  for (const a of attributes) {
    const key = a.key.trim();
    if (key && a.header) out[`map.${attributePrefix}${key}`] = a.header;
  }
  return out;
}
