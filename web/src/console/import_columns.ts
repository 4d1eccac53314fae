// CSV imports of advocates in the browser: the fields an import knows, the header row of a chosen
// file read as the server reads it (RFC 4180, comma or semicolon, a byte order mark dropped,
// cells trimmed), and which column holds which field, matched by name as the server matches it
// (src/domain/import.cc: letters in any case, spaces and hyphens as underscores, the same
// synonyms), so that the mapping offered starts where the server would.

export interface ImportField {
  field: string;
  label: string;
  hint?: string;
  required?: boolean;
}

// The fields of an advocate, in the order shown; attributes.<key> come after them.
export const importFields: ImportField[] = [
  { field: "email", label: "Email", hint: "Required: the advocate is found or made by it.", required: true },
  { field: "first_name", label: "First name", hint: "Required for a new advocate." },
  { field: "last_name", label: "Last name" },
  { field: "company", label: "Company" },
  { field: "tags", label: "Tags", hint: "Separated by , ; or |. Tags are only ever added." },
  { field: "source", label: "Source", hint: "self_signup, staff, sales_rep, api or import (import when empty)." },
  { field: "sales_rep", label: "Sales rep", hint: "A sales rep's email: the advocate is theirs." },
];

const synonyms: Record<string, string[]> = {
  email: ["e_mail", "email_address", "e_mail_address", "mail"],
  first_name: ["firstname", "given_name", "first", "forename"],
  last_name: ["lastname", "surname", "family_name", "last"],
  company: ["company_name", "organization", "organisation", "account", "account_name"],
  tags: ["tag", "labels"],
  source: [],
  sales_rep: ["sales_rep_email", "rep", "owner", "owner_email", "account_owner"],
};

export const attributePrefix = "attributes.";

// The template offered for download: a header row naming the columns.
export const templateCsv = "email,first_name,last_name,company,tags,attributes.plan\r\n";

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

// The field a header names by itself ("E-mail" is email, "Attribute plan" is attributes.plan), or "".
export function fieldOfHeader(header: string): string {
  const normalized = normalizeHeader(header);
  for (const prefix of ["attributes.", "attribute.", "attributes_", "attribute_"]) {
    if (normalized.startsWith(prefix) && normalized.length > prefix.length) return attributePrefix + normalized.slice(prefix.length);
  }
  for (const { field } of importFields) {
    if (normalized === field || synonyms[field].includes(normalized)) return field;
  }
  return "";
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
export function matchColumns(headers: string[]): { fields: Record<string, string>; attributes: AttributeColumn[] } {
  const fields: Record<string, string> = {};
  const attributes: AttributeColumn[] = [];
  for (const header of headers) {
    const field = fieldOfHeader(header);
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
export function mappingParameters(fields: Record<string, string>, attributes: AttributeColumn[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field } of importFields) if (fields[field]) out[`map.${field}`] = fields[field];
  for (const a of attributes) {
    const key = a.key.trim();
    if (key && a.header) out[`map.${attributePrefix}${key}`] = a.header;
  }
  return out;
}
