// /console/sign-in: staff sign in with email and password.
import { useLocation } from "preact-iso";
import { PublicShell } from "../ui/layout";
import { ConsoleSignInForm } from "./session";

export function ConsoleSignInPage() {
  const { query } = useLocation();
  const next = query.next && query.next.startsWith("/console") && !query.next.startsWith("/console/sign-in") ? query.next : "/console";
  return (
    <PublicShell title="Sign in">
      <h1>Sign in to the console</h1>
      <div class="card">
        <ConsoleSignInForm onSignedIn={() => (window.location.href = next)} />
      </div>
    </PublicShell>
  );
}
