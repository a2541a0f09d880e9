// Scans what a test run produced (server logs, every API response body) for full
// citizen ID numbers. Any hit is a leak: responses and logs carry masked numbers only.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";
const CANDIDATE = /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;

function isCitizenId(s) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * WEIGHTS[i];
  return CHECK[sum % 11] === s[17].toUpperCase();
}

/** Returns the files and lines holding a full ID number; [] when clean. */
export function scanForIdNumbers(dirs) {
  const findings = [];
  let files = 0;
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      files += 1;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          for (const match of line.matchAll(CANDIDATE)) {
            if (isCitizenId(match[0])) findings.push(`${file}:${i + 1}: ${match[0].slice(0, 4)}**********${match[0].slice(-4)}`);
          }
        });
    }
  }
  return { files, findings };
}
