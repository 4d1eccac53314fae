// The share message's placeholders, filled in the same way as the server does
// (domain/branding.h: RenderShareMessage), for the program editor's live preview.

export const placeholders = [
  "advocate.first_name",
  "advocate.last_name",
  "advocate.company",
  "advocate.code",
  "advocate.link",
  "program.name",
];

export function renderShareMessage(message: string, values: Record<string, string>): string {
  return message.replace(/\{\{([^}]*)\}\}/g, (written, name: string) => {
    const key = name.trim();
    return key in values ? values[key] : written;
  });
}

// The placeholders of a portal headline and of a segment's landing words (for the landing page the
// first name is the referring advocate's); a program's landing words may only use the program's
// name (the page is also reached without anyone's link).
export const headlinePlaceholders = ["advocate.first_name", "program.name"];
export const programLandingPlaceholders = ["program.name"];

// The landing page's words when the program has none of its own (domain/branding.h).
export const defaultLandingHeadline = "{{program.name}}";
export const defaultLandingIntro =
  "Someone who knows your work thought we should talk. Leave your details and we will reach out.";

// A headline or introduction with {{program.name}} and {{advocate.first_name}} filled in, as the
// server does (RenderWords).
export function renderWords(text: string, programName: string, firstName: string): string {
  return renderShareMessage(text, { "program.name": programName, "advocate.first_name": firstName });
}

// "{{a}}, {{b}}": placeholders as a hint lists them.
export function listPlaceholders(names: string[]): string {
  return names.map((n) => `{{${n}}}`).join(", ");
}
