// /console/reports/monthly?program_id=&month=&format=html|pdf: where the monthly email's links lead.
// A signed-in reader goes straight on to the report (the console's sign-in comes first for the
// others, then brings them back here); the report itself is the server's page or PDF.
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { query } from "../api";
import { Loading } from "../ui/layout";
import { ConsoleShell } from "./console_shell";

export function MonthlyReportPage() {
  const { query: params } = useLocation();
  const format = params.format === "pdf" ? "pdf" : "html";
  const target = `/api/v1/reports/monthly${query({ program_id: params.program_id, month: params.month, format })}`;
  useEffect(() => {
    window.location.replace(target);
  }, [target]);
  return (
    <ConsoleShell title="Monthly report">
      <Loading />
      <p>
        Opening <a href={target}>the report</a>…
      </p>
    </ConsoleShell>
  );
}
