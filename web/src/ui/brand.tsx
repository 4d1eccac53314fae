// A program's header on its public pages and in the portal: its colour, logo and name.
import type { ComponentChildren } from "preact";
import type { Branding } from "../models";

export function BrandHeader({ name, branding, children }: { name: string; branding?: Branding; children?: ComponentChildren }) {
  return (
    <header class="brand-header" style={branding ? { background: branding.color } : undefined}>
      {branding?.logo_url ? <img class="brand-logo" src={branding.logo_url} alt="" /> : null}
      <span class="brand-name">{name}</span>
      {children}
    </header>
  );
}

// The style that makes a page's accents (buttons, links) the program's colour.
export function brandStyle(branding?: Branding): Record<string, string> | undefined {
  return branding ? { "--accent": branding.color } : undefined;
}
