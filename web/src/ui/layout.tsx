// Page furniture shared by the console, the portal and the public pages.
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";

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

export function Badge({ value }: { value: string }) {
  return <span class={`badge badge-${value}`}>{value.replace(/_/g, " ")}</span>;
}

export function PublicShell({ title, children }: { title: string; children: ComponentChildren }) {
  usePageTitle(title);
  return (
    <div class="public">
      <header class="public-header">
        <span class="brand">Bluebird</span>
      </header>
      <main id="main" class="public-main">
        {children}
      </main>
    </div>
  );
}
