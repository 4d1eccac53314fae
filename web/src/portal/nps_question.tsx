// The portal's NPS card: when the advocate's program asks the question in the portal and they were
// not surveyed lately, "How likely is it that you would recommend …?" with the 0–10 scale. A click
// answers; then the card thanks them and asks why (optional). "Not now" hides it until the survey
// asks again (GET/POST /api/v1/portal/survey). Nothing is shown when nothing is asked.
import { useEffect, useState } from "preact/hooks";
import { ApiError, get, post } from "../api";
import { Notice } from "../ui/layout";
import { ReasonForm, Scale, type Survey } from "../survey/nps_scale";

export function NpsQuestion() {
  const [survey, setSurvey] = useState<Survey | null>(null);
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    get<{ survey: Survey | null }>("/api/v1/portal/survey").then(
      (found) => setSurvey(found.survey),
      () => setSurvey(null), // the question is a courtesy: its absence is no error for the advocate
    );
  }, []);

  const send = async (body: { score?: number; dismiss?: boolean }) => {
    setBusy(true);
    setProblem("");
    try {
      const answered = await post<{ survey: Survey | null }>("/api/v1/portal/survey", body);
      setSurvey(answered.survey);
    } catch (failure) {
      setProblem(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  if (!survey) return null;
  const answered = survey.score !== null;
  return (
    <section class="card nps-question" aria-labelledby="nps-question-title">
      <h2 id="nps-question-title">{answered ? "Thank you for your answer" : "A quick question"}</h2>
      <p>{survey.question}</p>
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      <Scale chosen={survey.score} busy={busy} onChoose={(score) => void send({ score })} />
      {answered ? (
        <ReasonForm
          comment={survey.comment}
          send={async (comment) => {
            const sent = await post<{ survey: Survey | null }>("/api/v1/portal/survey", { comment });
            setSurvey(sent.survey);
          }}
        >
          <p class="lead" role="status">
            Your answer: <strong>{survey.score}</strong> out of 10. You can change it above.
          </p>
        </ReasonForm>
      ) : (
        <button type="button" disabled={busy} onClick={() => void send({ dismiss: true })}>
          Not now
        </button>
      )}
    </section>
  );
}
