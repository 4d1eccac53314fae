// A won referral's credit on its console page (GET /api/v1/referrals/{id}/credit; the page shows
// nothing without one): its split in words, the deal it was counted for, and the credited advocates
// with their shares and when and through what each touched the deal. A later win of the same CRM
// deal joined an earlier credit instead, and says that no advocate reward is paid again.
import { dateTime } from "../format";
import type { ReferralCredit } from "../models";
import { AdvocateName, type AdvocateNames } from "./advocate_names";
import { dealWords, shareWords, splitWords } from "./credit_words";

type Credit = NonNullable<ReferralCredit["credit"]>;

export function CreditSection({ referralId, credit, names }: { referralId: string; credit: Credit; names: AdvocateNames }) {
  return (
    <section class="card" aria-labelledby="credit-title">
      <h2 id="credit-title">Credit</h2>
      {credit.joined ? (
        <p data-figure="joined">
          This deal was credited at an earlier win (credit {credit.joined}); no advocate reward is paid again.
        </p>
      ) : (
        <p data-figure="split">{splitWords(credit.split)}</p>
      )}
      <p class="hint">
        Counted for {dealWords(credit.deal_key)} on {dateTime(credit.at)}.
      </p>
      {credit.shares.length > 0 ? (
        <div class="table-scroll" role="region" aria-label="Credited advocates" tabIndex={0}>
          <table class="table credit-shares">
            <caption class="visually-hidden">The advocates credited with this win and their shares</caption>
            <thead>
              <tr>
                <th scope="col">Advocate</th>
                <th scope="col" class="number">Share</th>
                <th scope="col">Touched</th>
                <th scope="col">Through</th>
              </tr>
            </thead>
            <tbody>
              {credit.shares.map((s) => (
                <tr key={s.advocate_id} data-share={s.advocate_id}>
                  <th scope="row">
                    <AdvocateName id={s.advocate_id} names={names} />
                  </th>
                  <td class="number" data-figure="share">{shareWords(s.share_bp)}</td>
                  <td>{dateTime(s.touched_at)}</td>
                  <td data-figure="through">
                    {s.referral_id === null ? (
                      "first-touch link"
                    ) : s.referral_id === referralId ? (
                      "this referral"
                    ) : (
                      <a href={`/console/referrals/${s.referral_id}`}>their referral</a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
