// /rate?token=T[&value=happy|ok|unhappy] (public, no session): where the "How did we do?" links at
// the foot of an email lead. With a value in the address (one of the email's three links) the
// rating is sent as the page opens — one click in the email rates — and the page thanks the person,
// lets them change it with one click, say "Wow!" when happy, and add a comment. The link holds one
// rating: the latest answer wins. The server checks the token (404 for a link it did not make or
// one older than 30 days).
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, get, post } from "../api";
import type { RatingPage, RatingValue } from "../models";
import { Loading, Notice, PublicShell } from "../ui/layout";
import { CommentForm, RatingFaces, ratingInWords, ratingValueIn, WowToggle } from "./rating_faces";

function problemText(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 404) {
    return "This link has expired or is not one of ours: rating links work for 30 days after the email. Thank you for wanting to tell us all the same.";
  }
  if (failure instanceof ApiError && failure.status === 429) {
    return "Too many requests from your network just now: wait a minute, then try again.";
  }
  return failure instanceof ApiError ? failure.message : String(failure);
}

export function RatePage() {
  const { query } = useLocation();
  const token = query.token ?? "";
  const [rating, setRating] = useState<RatingPage | null>(null);
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const path = `/api/v1/public/ratings/${encodeURIComponent(token)}`;

  const rate = async (body: { value?: RatingValue; wow?: boolean }) => {
    setBusy(true);
    setProblem("");
    try {
      setRating(await post<RatingPage>(path, body));
    } catch (failure) {
      setProblem(problemText(failure));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!token) {
      setProblem("This link is not complete. Use the whole link from the email we sent you.");
      return;
    }
    const clicked = ratingValueIn(query.value);
    if (clicked) {
      // Sent once: a reload, or going back to the page, does not send the email's answer again.
      history.replaceState(null, "", `/rate?token=${encodeURIComponent(token)}`);
      void rate({ value: clicked });
      return;
    }
    get<RatingPage>(path).then(setRating, (failure) => setProblem(problemText(failure)));
  }, [token]);

  if (!rating) {
    return (
      <PublicShell title="How did we do?">
        {problem ? <Notice kind="error">{problem}</Notice> : <Loading />}
      </PublicShell>
    );
  }
  const rated = rating.value !== null;
  return (
    <PublicShell title={`How did ${rating.program_name} do?`}>
      <h1>{rated ? "Thank you" : "How did we do?"}</h1>
      <p>
        {rating.program_name}: <strong>{rating.subject}</strong>
      </p>
      {rating.value ? (
        <p class="lead" role="status">
          Your rating: <strong>{ratingInWords(rating.value)}</strong>
          {rating.wow ? ", and wow" : ""}. One click below changes it.
        </p>
      ) : null}
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      <RatingFaces legend="How did we do?" hideLegend={!rated} chosen={rating.value} busy={busy}
        onChoose={(value) => void rate({ value })} />
      {rating.value === "happy" ? <WowToggle wow={rating.wow} busy={busy} onChange={(wow) => void rate({ wow })} /> : null}
      {rated ? (
        <CommentForm
          comment={rating.comment}
          send={async (comment) => {
            setRating(await post<RatingPage>(path, { comment }));
          }}
        />
      ) : null}
    </PublicShell>
  );
}
