// The console's signed-in user: loaded once, shared through context. When a request finds the
// session ended, a sign-in dialog opens over the page, so whatever was being typed stays there.
import type { ComponentChildren } from "preact";
import { createContext } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, onSessionExpired, post } from "../api";
import type { Me, Role } from "../models";
import { Loading } from "../ui/layout";
import { SignInForm } from "../ui/sign_in_form";

export interface Session {
  me: Me;
  canMove: boolean; // move referrals along the pipeline
  canManage: boolean; // review referrals, approve and pay rewards
  canReadAnalytics: boolean; // the dashboard (not sales reps: it names every program's advocates)
  canManageAccess: boolean; // users, their roles and password resets; the audit trail (admins)
  canManageIntegrations: boolean; // webhook endpoints and their deliveries, the outbox, the suppression list (admins)
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside the console");
  return session;
}

function sessionOf(me: Me): Session {
  const role: Role = me.role;
  return {
    me,
    canMove: role !== "viewer",
    canManage: role === "admin" || role === "manager",
    canReadAnalytics: role !== "sales_rep",
    canManageAccess: role === "admin",
    canManageIntegrations: role === "admin",
  };
}

// The staff sign-in form.
export function ConsoleSignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  return <SignInForm signIn={(v) => post("/api/v1/auth/login", v)} onSignedIn={onSignedIn} />;
}

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const { route, url } = useLocation();
  const [session, setSession] = useState<Session | null>(null);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    get<Me>("/api/v1/me").then(
      (me) => setSession(sessionOf(me)),
      () => route(`/console/sign-in?next=${encodeURIComponent(url)}`, true),
    );
    return onSessionExpired((area) => {
      if (area === "console") setExpired(true);
    });
  }, []);
  if (!session) return <Loading />;
  return (
    <SessionContext.Provider value={session}>
      {children}
      {expired ? (
        <div class="dialog-backdrop">
          <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="expired-title">
            <h2 id="expired-title">Your session has ended</h2>
            <p>Sign in again to carry on; what you typed is still on the page.</p>
            <ConsoleSignInForm
              onSignedIn={() => {
                setExpired(false);
                get<Me>("/api/v1/me").then((me) => setSession(sessionOf(me)));
              }}
            />
          </div>
        </div>
      ) : null}
    </SessionContext.Provider>
  );
}
