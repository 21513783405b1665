// Fails the build if the compiled CSS still refers to GDS Transport, to
// /assets/ (GOV.UK's font and image folder) or to any url() at all.
import { readFileSync } from "node:fs";

const path = new URL("../../static/govuk/govuk-frontend.min.css", import.meta.url);
const css = readFileSync(path, "utf8");
const problems = [];
if (/GDS Transport/i.test(css)) problems.push("mentions GDS Transport");
if (/@font-face/.test(css)) problems.push("has an @font-face rule");
if (css.includes("/assets/")) problems.push("refers to /assets/");
const urls = css.match(/url\([^)]*\)/g) ?? [];
if (urls.length) problems.push(`refers to ${[...new Set(urls)].join(", ")}`);
if (problems.length) {
  console.error(`static/govuk/govuk-frontend.min.css ${problems.join("; ")}`);
  process.exit(1);
}
console.log(`static/govuk/govuk-frontend.min.css OK (${css.length} bytes, no fonts or images)`);
