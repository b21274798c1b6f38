import Papa from "papaparse";

/** Downloads rows as a CSV file; papaparse quotes names containing commas, quotes or newlines. */
export function downloadCsv(filename: string, fields: string[], rows: (string | number)[][]) {
  // The BOM makes spreadsheet apps read the file as UTF-8 (product names with accents).
  const csv = "\uFEFF" + Papa.unparse({ fields, data: rows }, { newline: "\r\n" });
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** A file-name-safe slug ("Äpfel, rot" → "apfel-rot"). */
export const slug = (value: string) =>
  value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "product";
