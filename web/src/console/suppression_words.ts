// The reasons an address is on the suppression list, and what each stops (docs/api.md, "The
// suppression list").
export const suppressionReasons = [
  { value: "staff", label: "Staff: the person asked not to be emailed" },
  { value: "bounce", label: "Bounce: the address does not take mail" },
  { value: "complaint", label: "Complaint: the person reported our email as spam" },
  { value: "unsubscribe", label: "Unsubscribe: no mail but sign-in links" },
];

export const reasonsHint =
  "Every reason stops every email to the address, except unsubscribe, which lets the sign-in links an advocate asks for through.";

export function reasonName(reason: string): string {
  return suppressionReasons.find((r) => r.value === reason)?.label.split(":")[0] ?? reason;
}
