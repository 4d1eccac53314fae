// /survey/{token}[?score=N] (public, no session): where an NPS survey email's links lead. With a
// score in the address (one of the email's 0–10 links) the answer is sent as the page opens — one
// click from the email answers — and the page thanks the person and asks why; without one it shows
// the question and the scale. The link holds one answer: another score, or the reason, changes it.
// The token is checked by the server (404 for a link it did not make).
import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { ApiError, get, post } from "../api";
import { Loading, Notice, PublicShell } from "../ui/layout";
import { ReasonForm, Scale, type Survey } from "./nps_scale";

function scoreIn(text: string | undefined): number | null {
  if (text === undefined || !/^(10|[0-9])$/.test(text)) return null;
  return Number(text);
}

function problemText(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 404) {
    return "This survey link is not valid. Use the link in the email we sent you.";
  }
  if (failure instanceof ApiError && failure.status === 429) {
    return "Too many requests from your network just now: wait a minute, then try again.";
  }
  return failure instanceof ApiError ? failure.message : String(failure);
}

export function SurveyPage() {
  const { params } = useRoute();
  const { query } = useLocation();
  const token = params.token ?? "";
  const [survey, setSurvey] = useState<Survey | null>(null);
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);

  const answer = async (body: { score?: number; comment?: string }) => {
    setBusy(true);
    setProblem("");
    try {
      const answered = await post<Survey>(`/api/v1/public/surveys/${encodeURIComponent(token)}`, body);
      setSurvey(answered);
    } catch (failure) {
      setProblem(problemText(failure));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const clicked = scoreIn(query.score);
    if (clicked !== null) {
      // Sent once: a reload, or going back to the page, does not send the email's score again.
      history.replaceState(null, "", location.pathname);
      void answer({ score: clicked });
      return;
    }
    get<Survey>(`/api/v1/public/surveys/${encodeURIComponent(token)}`).then(
      (found) => {
        setSurvey(found);
      },
      (failure) => setProblem(problemText(failure)),
    );
  }, [token]);

  if (!survey) {
    return (
      <PublicShell title="Survey">
        {problem ? <Notice kind="error">{problem}</Notice> : <Loading />}
      </PublicShell>
    );
  }
  const answered = survey.score !== null;
  return (
    <PublicShell title={`A question from ${survey.program_name}`}>
      <h1>{answered ? `Thank you${survey.first_name ? `, ${survey.first_name}` : ""}` : survey.question}</h1>
      {answered ? (
        <p class="lead" role="status">
          Your answer: <strong>{survey.score}</strong> out of 10. You can change it below.
        </p>
      ) : null}
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      {answered ? <p>{survey.question}</p> : null}
      <Scale chosen={survey.score} busy={busy} onChoose={(score) => void answer({ score })} />
      {answered ? (
        <ReasonForm
          comment={survey.comment}
          send={async (comment) => {
            setSurvey(await post<Survey>(`/api/v1/public/surveys/${encodeURIComponent(token)}`, { comment }));
          }}
        />
      ) : null}
    </PublicShell>
  );
}
