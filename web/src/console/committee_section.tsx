// A referral's buying committee on its console page: the latest version (GET
// /api/v1/referrals/{id}/committee) with the buying influences it covers, and for those who may
// record it (`canRecord`: admins, managers, sales reps — the server keeps a sales rep to their own
// advocates' referrals) the editor. What the last save did is said here: "Recorded version N." or
// "No change.".
import { useState } from "preact/hooks";
import { get } from "../api";
import type { BuyingCommittee } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { CommitteeForm } from "./committee_form";
import { CommitteeTable } from "./committee_table";
import { useSession } from "./session";

export function CommitteeSection({ referralId, canRecord }: { referralId: string; canRecord: boolean }) {
  const { me } = useSession();
  const committee = useLoad(() => get<BuyingCommittee>(`/api/v1/referrals/${referralId}/committee`), [referralId]);
  const [notice, setNotice] = useState("");
  const c = committee.data;
  return (
    <section class="card" aria-labelledby="committee-title">
      <h2 id="committee-title">Buying committee</h2>
      {committee.error ? <Notice kind="error">{committee.error.message}</Notice> : null}
      {!c && !committee.error ? <Loading /> : null}
      {c ? <CommitteeTable committee={c} myId={me.user?.id} /> : null}
      <div role="status" aria-live="polite">
        {notice ? <p class="notice notice-success">{notice}</p> : null}
      </div>
      {c && canRecord ? (
        <CommitteeForm key={`${referralId}:${c.version}`} referralId={referralId} committee={c}
          onSaved={(answer, recorded) => {
            setNotice(recorded ? `Recorded version ${answer.version}.` : "No change.");
            committee.replace(answer);
          }}
          onReload={() => {
            setNotice("");
            committee.reload();
          }} />
      ) : null}
    </section>
  );
}
