// Page furniture shared by the console, the portal and the public pages.
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import type { PublicProgram } from "../models";
import { BrandHeader, brandStyle } from "./brand";

export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Bluebird`;
  }, [title]);
}

export function Notice({ kind, children }: { kind: "info" | "error" | "success"; children: ComponentChildren }) {
  return (
    <p class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </p>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status">
      Loading…
    </p>
  );
}

// A state as a coloured label: its class from `value`, its text `text` (default: the value's words).
export function Badge({ value, text }: { value: string; text?: string }) {
  return <span class={`badge badge-${value}`}>{text ?? value.replace(/_/g, " ")}</span>;
}

// A public page (join, landing, sign-in): the program's header when the page is a program's,
// Bluebird's otherwise.
export function PublicShell({ title, program, children }: { title: string; program?: PublicProgram; children: ComponentChildren }) {
  usePageTitle(title);
  return (
    <div class="public" style={brandStyle(program?.branding)}>
      {program ? (
        <BrandHeader name={program.name} branding={program.branding} />
      ) : (
        <header class="public-header">
          <span class="brand">Bluebird</span>
        </header>
      )}
      <main id="main" class="public-main">
        {children}
      </main>
    </div>
  );
}
