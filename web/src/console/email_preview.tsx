// The live preview of an email being written: the draft is sent to the server (POST .../preview),
// a moment after the last keystroke, and rendered there with sample values; the page shows the
// subject, the HTML part in a sandboxed frame (no scripts, no same origin: the HTML is shown, never
// run) and the plain-text part, in tabs. A draft the server refuses keeps the last good preview on
// show, with the server's words.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, post } from "../api";
import type { EmailPreview } from "../models";
import { samplesNote } from "./email_words";

export interface PreviewState {
  preview?: EmailPreview;
  problem?: string; // why the current draft cannot be previewed
  busy: boolean;
}

// Problem+json as one sentence: its field messages ("body must use {{link}}: ..."), or its detail.
export function problemText(failure: unknown): string {
  if (!(failure instanceof ApiError)) return String(failure);
  const fields = failure.problem.errors ?? [];
  if (fields.length) {
    const text = fields.map((e) => `${e.field === "subject" ? "the subject" : "the body"} ${e.message}`).join("; ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith(".") ? "" : "."}`;
  }
  return failure.message;
}

// Previews `draft` a moment (`delayMs`) after it last changed; the first at once.
export function useEmailPreview(path: string, subject: string, body: string, delayMs = 350): PreviewState {
  const [state, setState] = useState<PreviewState>({ busy: true });
  const round = useRef(0);
  const first = useRef(true);
  useEffect(() => {
    const mine = ++round.current;
    setState((old) => ({ ...old, busy: true }));
    const timer = setTimeout(
      () => {
        post<EmailPreview>(`${path}/preview`, { subject, body }).then(
          (preview) => mine === round.current && setState({ preview, busy: false }),
          (failure) => mine === round.current && setState((old) => ({ preview: old.preview, problem: problemText(failure), busy: false })),
        );
      },
      first.current ? 0 : delayMs,
    );
    first.current = false;
    return () => clearTimeout(timer);
  }, [path, subject, body]);
  return state;
}

// The HTML part, made to fit a frame narrower than its 600 px as phone mail apps show it: its
// tables take the frame's width, up to their own max-width (600 px), and images shrink with them.
const fitToFrame = "<style>table{width:100% !important}img{max-width:100%}</style>";
export function fitted(html: string): string {
  const head = html.indexOf("</head>");
  return head < 0 ? fitToFrame + html : html.slice(0, head) + fitToFrame + html.slice(head);
}

type Tab = "html" | "text";
const tabs: { id: Tab; label: string }[] = [
  { id: "html", label: "HTML" },
  { id: "text", label: "Plain text" },
];

export function EmailPreviewPanel({ state }: { state: PreviewState }) {
  const [tab, setTab] = useState<Tab>("html");
  const list = useRef<HTMLDivElement>(null);
  const choose = (next: Tab, focus: boolean) => {
    setTab(next);
    if (focus) list.current?.querySelector<HTMLButtonElement>(`#preview-tab-${next}`)?.focus();
  };
  const { preview, problem, busy } = state;
  return (
    <section class="card email-preview" aria-labelledby="email-preview-title" aria-busy={busy}>
      <h2 id="email-preview-title">Preview</h2>
      <p class="hint">{samplesNote}</p>
      <div role="status" aria-live="polite">
        {problem ? <p class="notice notice-error">Not previewed: {problem}</p> : null}
      </div>
      {preview ? (
        <>
          <p class="preview-subject">
            <span class="muted">Subject:</span> <strong data-testid="preview-subject">{preview.subject}</strong>
            {busy ? <span class="muted"> (updating…)</span> : null}
          </p>
          <div
            role="tablist"
            aria-label="Parts of the email"
            ref={list}
            class="tabs"
            onKeyDown={(e) => {
              if (e.key !== "ArrowRight" && e.key !== "ArrowLeft" && e.key !== "Home" && e.key !== "End") return;
              e.preventDefault();
              const at = tabs.findIndex((t) => t.id === tab);
              const next =
                e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : (at + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length;
              choose(tabs[next].id, true);
            }}
          >
            {tabs.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`preview-tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`preview-panel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                onClick={() => choose(t.id, false)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="preview-panel-html" aria-labelledby="preview-tab-html" hidden={tab !== "html"}>
            <iframe class="email-frame" title="The email as HTML" sandbox="" srcdoc={fitted(preview.html)} />
          </div>
          <div role="tabpanel" id="preview-panel-text" aria-labelledby="preview-tab-text" hidden={tab !== "text"} tabIndex={0}>
            <pre class="email-text" data-testid="preview-text">
              {preview.text}
            </pre>
          </div>
        </>
      ) : !problem ? (
        <p class="loading">Loading…</p>
      ) : null}
    </section>
  );
}
