// The slug of the program whose portal this browser used last, so the password sign-in page knows
// the program when it is opened without ?program= (e.g. after signing out). Not a secret.
const key = "bb_portal_program";

export function rememberProgram(slug: string) {
  try {
    localStorage.setItem(key, slug);
  } catch {
    // storage may be disabled; the sign-in page then asks for the join page's link
  }
}

export function lastProgram(): string {
  try {
    return localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}
