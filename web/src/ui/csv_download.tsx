// Saves the numbers of a chart's table as a CSV file, built in the browser from the same figures
// the table shows: RFC 4180 (comma-separated, CRLF line ends, a field quoted when it holds a comma,
// a quote or a line break), and, as the server's exports do, a text field that starts with = + - @,
// a tab or a carriage return prefixed with ' so that no spreadsheet runs it as a formula (numbers
// are written as numbers, a negative one included).

export type CsvCell = string | number;

function field(cell: CsvCell): string {
  let text = typeof cell === "number" ? String(cell) : /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

// The file's text: the header, then one record per row.
export function csvText(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((record) => record.map(field).join(",") + "\r\n").join("");
}

// A button named "Download <what> as CSV" that saves `filename`.
export function CsvDownload({
  what,
  filename,
  header,
  rows,
}: {
  what: string;
  filename: string;
  header: string[];
  rows: CsvCell[][];
}) {
  const save = () => {
    const url = URL.createObjectURL(new Blob([csvText(header, rows)], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked once the browser has taken the file (a click starts the download, not finishes it).
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <button type="button" class="link-button" onClick={save} aria-label={`Download ${what} as CSV`}>
      Download CSV
    </button>
  );
}
