/** 2026-03-01T09:30:00+08:00 → 2026-03-01 09:30 (device local time). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDate(iso: string): string {
  return formatDateTime(iso).slice(0, 10);
}

/** 早上好 / 中午好 / 下午好 / 晚上好 by the device clock. */
export function greeting(now: Date = new Date()): string {
  const h = now.getHours();
  if (h < 5) return "晚上好";
  if (h < 11) return "早上好";
  if (h < 13) return "中午好";
  if (h < 18) return "下午好";
  return "晚上好";
}
