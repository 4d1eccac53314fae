// /portal/sign-in?token=…: exchanges a one-time sign-in link for a portal session.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, post } from "../api";
import { Loading, Notice, PublicShell } from "../ui/layout";

export function PortalSignInPage() {
  const { query, route } = useLocation();
  const [error, setError] = useState("");
  useEffect(() => {
    const token = query.token ?? "";
    if (!token) {
      setError("This page needs the sign-in link your program sent you.");
      return;
    }
    post("/api/v1/portal/sign-in", { token }).then(
      () => route("/portal", true),
      (failure) => setError(failure instanceof ApiError ? failure.message : String(failure)),
    );
  }, []);
  return (
    <PublicShell title="Sign in">
      <h1>Signing you in</h1>
      {error ? <Notice kind="error">{error}</Notice> : <Loading />}
    </PublicShell>
  );
}
