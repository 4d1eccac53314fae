// A referral's buying committee as read (GET /api/v1/referrals/{id}/committee): which version and
// who recorded it, how many of the four buying influences it covers and which are missing (a
// warning: a deal without one of them is at risk), and its members with their roles in words.
import { dateTime, personName } from "../format";
import type { BuyingCommittee } from "../models";
import { coverageWords, missingWords, roleName, seniorityName } from "./committee_words";

function recordedWords(c: BuyingCommittee, myId: string | undefined): string {
  if (c.version === 0 || !c.recorded_at) return "Not recorded yet: the referee alone, as the primary contact.";
  const by = myId && c.recorded_by === myId ? "you" : c.recorded_by;
  return `Version ${c.version}, recorded ${dateTime(c.recorded_at)} by ${by}.`;
}

export function CommitteeTable({ committee, myId }: { committee: BuyingCommittee; myId?: string }) {
  const c = committee;
  return (
    <>
      <p class="hint" data-figure="version">{recordedWords(c, myId)}</p>
      <p data-figure="coverage">
        <strong>{coverageWords(c.roles_covered)}</strong>
      </p>
      {c.roles_missing.length > 0 ? (
        <p class="notice notice-warning" data-figure="missing">
          {missingWords(c.roles_missing)}
        </p>
      ) : null}
      <div class="table-scroll" role="region" aria-label="Members of the buying committee" tabIndex={0}>
        <table class="table committee-members">
          <caption class="visually-hidden">Members of the buying committee, in the order recorded</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Title</th>
              <th scope="col">Email</th>
              <th scope="col">Roles on this deal</th>
              <th scope="col">Contact</th>
              <th scope="col">DISC</th>
              <th scope="col">Seniority</th>
            </tr>
          </thead>
          <tbody>
            {c.members.map((m) => {
              const seniority = m.attributes.seniority;
              const marks = [m.primary ? "Primary contact" : "", m.referee ? "Referee" : ""].filter(Boolean);
              return (
                <tr key={m.email} data-member={m.email}>
                  <th scope="row">{personName(m)}</th>
                  <td>{m.title || "—"}</td>
                  <td class="id">{m.email}</td>
                  <td data-figure="roles">{m.roles.length > 0 ? m.roles.map(roleName).join(", ") : "—"}</td>
                  <td data-figure="marks">{marks.length > 0 ? marks.join(", ") : "—"}</td>
                  <td data-figure="disc">{m.disc_blend || "—"}</td>
                  <td data-figure="seniority">{typeof seniority === "string" ? seniorityName(seniority) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
