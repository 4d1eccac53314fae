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
