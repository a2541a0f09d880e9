import { memo, useMemo } from "react";
import { View } from "@tarojs/components";
import qrcode from "qrcode-generator";
import "./QrCode.scss";

/** Light border around the code, in modules (the standard asks for 4; 2 scans fine on a white card). */
const QUIET_ZONE = 2;

interface Run {
  dark: boolean;
  length: number;
}

/** The QR code of `text` as rows of dark/light runs (pure JS: no canvas, so it draws the same on H5 and weapp). */
function qrRows(text: string): { count: number; rows: Run[][] } {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const count = qr.getModuleCount();
  const rows: Run[][] = [];
  for (let r = 0; r < count; r++) {
    const runs: Run[] = [];
    for (let c = 0; c < count; c++) {
      const dark = qr.isDark(r, c);
      const last = runs[runs.length - 1];
      if (last && last.dark === dark) last.length += 1;
      else runs.push({ dark, length: 1 });
    }
    rows.push(runs);
  }
  return { count, rows };
}

/**
 * A QR code drawn with Views, one per run of equal modules in a row (a few hundred nodes rather
 * than thousands), sized in whole device pixels so modules stay crisp. `size` is the wanted
 * width in px; the code is drawn at the largest whole module size that fits.
 */
export const QrCode = memo(function QrCode({ text, size }: { text: string; size: number }) {
  const { count, rows } = useMemo(() => qrRows(text), [text]);
  const total = count + QUIET_ZONE * 2;
  const cell = Math.max(2, Math.floor(size / total));
  const side = cell * total;
  return (
    <View className="qr" style={{ width: `${side}px`, height: `${side}px`, padding: `${cell * QUIET_ZONE}px` }}>
      {rows.map((runs, r) => (
        <View key={r} className="qr__row" style={{ height: `${cell}px` }}>
          {runs.map((run, i) => (
            <View key={i} className={run.dark ? "qr__dark" : "qr__light"} style={{ width: `${run.length * cell}px`, height: `${cell}px` }} />
          ))}
        </View>
      ))}
    </View>
  );
});
