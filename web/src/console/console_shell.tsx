// The console's frame: navigation, the signed-in user, sign out.
import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { post } from "../api";
import { label } from "../format";
import { usePageTitle } from "../ui/layout";
import { useSession } from "./session";

const sections = [
  { href: "/console/dashboard", label: "Dashboard", analytics: true },
  { href: "/console/roi", label: "ROI calculator", analytics: true },
  { href: "/console", label: "Programs" },
  { href: "/console/advocates", label: "Advocates" },
  { href: "/console/segments", label: "Segments" },
  { href: "/console/imports", label: "Import", manage: true },
  { href: "/console/referrals", label: "Referrals" },
  { href: "/console/lifecycle", label: "Lifecycle", analytics: true },
  { href: "/console/scores", label: "Lead scores", analytics: true },
  { href: "/console/value", label: "Customer value", analytics: true },
  { href: "/console/committees", label: "Buying committees", analytics: true },
  { href: "/console/review", label: "Review queue", manage: true },
  { href: "/console/followups", label: "Follow-ups" },
  { href: "/console/rewards", label: "Rewards" },
  { href: "/console/leaderboard", label: "Leaderboard", analytics: true },
  { href: "/console/happiness", label: "Happiness", analytics: true },
  { href: "/console/catalogue", label: "Catalogue", analytics: true },
  { href: "/console/challenges", label: "Challenges" },
  { href: "/console/users", label: "Users", admin: true },
  { href: "/console/audit", label: "Audit trail", admin: true },
  { href: "/console/connectors", label: "CRM", integrations: true },
  { href: "/console/webhooks", label: "Webhooks", integrations: true },
  { href: "/console/outbox", label: "Outbox", integrations: true },
  { href: "/console/suppressions", label: "Suppressions", integrations: true },
];

export function ConsoleShell({ title, children }: { title: string; children: ComponentChildren }) {
  usePageTitle(title);
  const { path } = useLocation();
  const { me, canReadAnalytics, canManage, canManageAccess, canManageIntegrations } = useSession();
  const offered = (s: (typeof sections)[number]) =>
    (!s.analytics || canReadAnalytics) &&
    (!s.manage || canManage) &&
    (!s.admin || canManageAccess) &&
    (!s.integrations || canManageIntegrations);
  const current = (href: string) => (href === "/console" ? path === "/console" : path.startsWith(href));
  return (
    <div class="console">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="console-header">
        <span class="brand">Bluebird</span>
        <nav aria-label="Console">
          <ul>
            {sections.filter(offered).map((s) => (
              <li key={s.href}>
                <a href={s.href} aria-current={current(s.href) ? "page" : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {me.user ? (
            <a
              href="/console/settings"
              aria-label={`${me.user.name || me.user.email}: your settings`}
              aria-current={path === "/console/settings" ? "page" : undefined}
            >
              {me.user.name || me.user.email}
            </a>
          ) : (
            "API key"
          )}{" "}
          <span class="muted">({label(me.role)})</span>
        </span>
        <button
          type="button"
          class="link-button"
          onClick={async () => {
            await post("/api/v1/auth/logout");
            window.location.href = "/console/sign-in";
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" class="console-main">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
