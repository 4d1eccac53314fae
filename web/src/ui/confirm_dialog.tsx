// Asks before a change that is hard to take back (disabling a user, correcting a deal value): a modal <dialog>, so focus
// stays in it and Escape cancels. `onConfirm` runs on the confirming button; the dialog closes.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

interface ConfirmProps {
  id: string;
  title: string;
  confirm: string; // the confirming button's text, e.g. "Disable Pat Lee"
  dismiss?: string; // the other button's text ("Cancel" unless said), e.g. "Keep it going"
  tone?: "danger" | "primary"; // the confirming button's look: danger (default) for what is hard to undo
  open: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ComponentChildren;
}

export function ConfirmDialog({ id, title, confirm, dismiss = "Cancel", tone = "danger", open, onConfirm, onCancel, children }: ConfirmProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby={`${id}-title`} onClose={() => open && onCancel()}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      <div class="toolbar">
        <button type="button" class={tone} onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" onClick={onCancel} autoFocus>
          {dismiss}
        </button>
      </div>
    </dialog>
  );
}
