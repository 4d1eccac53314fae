// The staff roles, in words, for the forms that choose one (docs/api.md, "Roles").
import type { Role } from "../models";

export const roles: { value: Role; label: string }[] = [
  { value: "admin", label: "Admin" },
  { value: "manager", label: "Manager" },
  { value: "sales_rep", label: "Sales rep" },
  { value: "viewer", label: "Viewer" },
];

export const rolesHint =
  "Admins also manage users and read the audit trail; managers run programs, review referrals and pay rewards; " +
  "sales reps work with the advocates they enrol; viewers only read.";

export function roleName(role: string): string {
  return roles.find((r) => r.value === role)?.label ?? role;
}
