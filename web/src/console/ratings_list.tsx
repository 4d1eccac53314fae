// The ratings behind the happiness report, with their comments, newest first, a page at a time
// (GET /api/v1/ratings: only those that count — no repeat, none deleted): admins see every one,
// other staff those about themselves (the server decides). A rating from an address that rated
// many times is flagged. Admins delete one after a confirmation: it leaves the list and the figures.
import { useState } from "preact/hooks";
import { get, query, remove } from "../api";
import { dateTime } from "../format";
import type { Page, Rating } from "../models";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { usePaged } from "../ui/data";
import { Badge, Notice } from "../ui/layout";
import { ratingInWords } from "../rate/rating_faces";
import { interactionInWords } from "./happiness_words";
import { useSession } from "./session";

// Who rated, as a link to them: the advocate, or the referral of the referee.
function Rater({ recipient }: { recipient: string }) {
  const [kind, id] = recipient.split(":");
  if (kind === "advocate") return <a href={`/console/advocates/${id}`}>An advocate</a>;
  if (kind === "referee") return <a href={`/console/referrals/${id}`}>A referee</a>;
  return <>{recipient}</>;
}

function RatingRow({ rating, onDelete }: { rating: Rating; onDelete?: () => void }) {
  return (
    <tr>
      <td class="nowrap">{dateTime(rating.updated_at)}</td>
      <td>
        <Badge value={rating.value} text={ratingInWords(rating.value)} />
        {rating.wow ? <> <Badge value="wow" text="Wow!" /></> : null}
      </td>
      <td class="rating-comment">{rating.comment || <span class="muted">No comment</span>}</td>
      <td>
        {rating.rated_name ?? "The program"}
        <div class="muted">{interactionInWords(rating.interaction)}</div>
      </td>
      <td>
        <Rater recipient={rating.recipient} />
      </td>
      <td>{rating.suspicious ? <Badge value="flagged" text="Flagged: many ratings from one address" /> : null}</td>
      {onDelete ? (
        <td>
          <button type="button" class="danger" aria-label={`Delete the rating of ${dateTime(rating.updated_at)}`} onClick={onDelete}>
            Delete
          </button>
        </td>
      ) : null}
    </tr>
  );
}

// `filters` are the report's (program, days); `onDeleted` tells the page its figures changed.
export function RatingsList({ filters, onDeleted }: {
  filters: { program_id: string; from: string; to: string };
  onDeleted: () => void;
}) {
  const { canManageAccess: isAdmin } = useSession();
  const [round, setRound] = useState(0);
  const [asking, setAsking] = useState<Rating | null>(null);
  const [problem, setProblem] = useState("");
  const path = `/api/v1/ratings${query({ ...filters, limit: 50 })}`;
  const ratings = usePaged((cursor) => get<Page<Rating>>(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path), `${path} ${round}`);
  const count = ratings.items.length;

  const deleteRating = async (rating: Rating) => {
    setAsking(null);
    setProblem("");
    try {
      await remove(`/api/v1/ratings/${rating.id}`);
      setRound((n) => n + 1);
      onDeleted();
    } catch (failure) {
      setProblem(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <section class="card" aria-labelledby="ratings-title">
      <h2 id="ratings-title">Ratings and comments</h2>
      {isAdmin ? null : <p class="hint">Only the ratings about you; admins see everyone's.</p>}
      {ratings.error ? <Notice kind="error">{ratings.error.message}</Notice> : null}
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      <p class="muted" role="status" aria-live="polite">
        {ratings.loading
          ? "Loading…"
          : count === 0
            ? "No ratings in these days."
            : `${count} ${count === 1 ? "rating" : "ratings"}, newest first${ratings.more ? "; more below" : ""}.`}
      </p>
      {count > 0 ? (
        <div class="table-scroll" role="region" aria-label="Ratings and comments" tabIndex={0}>
          <table class="table ratings">
            <caption class="visually-hidden">Ratings and comments, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Rating</th>
                <th scope="col">Comment</th>
                <th scope="col">About</th>
                <th scope="col">From</th>
                <th scope="col">Flag</th>
                {isAdmin ? <th scope="col">Remove</th> : null}
              </tr>
            </thead>
            <tbody>
              {ratings.items.map((r) => (
                <RatingRow key={r.id} rating={r} onDelete={isAdmin ? () => setAsking(r) : undefined} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {ratings.more ? (
        <p>
          <button type="button" onClick={ratings.more}>
            Load more
          </button>
        </p>
      ) : null}
      <ConfirmDialog id="delete-rating" title="Delete this rating?" confirm="Yes, delete it" open={asking !== null}
        onConfirm={() => asking && void deleteRating(asking)} onCancel={() => setAsking(null)}>
        <p>
          It leaves this list and no longer counts in the figures; it stays on record, marked deleted, and the audit
          trail names you.
        </p>
      </ConfirmDialog>
    </section>
  );
}
