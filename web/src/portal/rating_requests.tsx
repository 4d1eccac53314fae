// The portal's "How did we do?": what staff handled for the advocate lately (a reward paid, a
// referral moved, a review decided) and not rated yet, newest first (GET /api/v1/portal/ratings).
// Each asks for one click — happy, OK or unhappy — with an optional comment typed first; once rated
// it leaves the list and the card thanks them. Nothing is shown when nothing is asked.
import { useEffect, useState } from "preact/hooks";
import { get, post } from "../api";
import type { PortalRatingRequest, RatingValue } from "../models";
import { Field, FormMessage, useForm } from "../ui/form";
import { Notice } from "../ui/layout";
import { RatingFaces } from "../rate/rating_faces";

function RatingRequest({ request, onRated }: { request: PortalRatingRequest; onRated: () => void }) {
  const form = useForm({ comment: "" });
  const rate = async (value: RatingValue) => {
    const comment = form.values.comment.trim();
    const sent = await form.submit(() => post(`/api/v1/portal/ratings/${request.id}`, { value, ...(comment ? { comment } : {}) }));
    if (sent) onRated();
  };
  return (
    <li class="rating-request">
      <h3>{request.subject}</h3>
      <FormMessage form={form} />
      <Field form={form} name="comment" id={`rating-comment-${request.id}`} label="Anything to add? (optional)" multiline
        hint="Type it first, then choose below." />
      <RatingFaces legend={`How did we do: ${request.subject}`} hideLegend chosen={null} busy={form.busy}
        onChoose={(value) => void rate(value)} />
    </li>
  );
}

export function RatingRequests() {
  const [requests, setRequests] = useState<PortalRatingRequest[]>([]);
  const [thanked, setThanked] = useState("");

  useEffect(() => {
    get<{ data: PortalRatingRequest[] }>("/api/v1/portal/ratings").then(
      (found) => setRequests(found.data),
      () => setRequests([]), // the question is a courtesy: its absence is no error for the advocate
    );
  }, []);

  if (requests.length === 0 && !thanked) return null;
  return (
    <section class="card" aria-labelledby="rating-requests-title">
      <h2 id="rating-requests-title">How did we do?</h2>
      {thanked ? <Notice kind="success">{thanked}</Notice> : null}
      {requests.length > 0 ? (
        <>
          <p>One click tells the team how it went.</p>
          <ul class="rating-requests">
            {requests.map((r) => (
              <RatingRequest key={r.id} request={r} onRated={() => {
                setRequests((old) => old.filter((o) => o.id !== r.id));
                setThanked(`Thank you for rating “${r.subject}”.`);
              }} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
