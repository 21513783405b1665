// Reading a declaration form's answers in the browser, as the form's fields clean them
// (declarations/filing/forms/fields.py), for the live panel (verdict.js) and for asking
// only the questions that apply (questions.js). `data` is the #verdict-data JSON
// (declarations/filing/presenters.live_verdict): each question's kind and limits.

// The form's answers as posted, less follow-up questions whose answer is not chosen
// (in a GOV.UK conditional reveal that is hidden): the server drops those too.
export function postedAnswers(form) {
  const formData = new FormData(form);
  for (const hidden of form.querySelectorAll(".govuk-radios__conditional--hidden")) {
    for (const input of hidden.querySelectorAll("input, textarea, select")) {
      formData.delete(input.name);
    }
  }
  return formData;
}

const INVALID = { invalid: true };
const MONEY = /^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?$/;
const HOURS = /^[0-9]+(?:\.([0-9]+))?$/;
const PART = /^[0-9]{1,4}$/;
// The GOV.UK date input's boxes (declarations/date_input.py): <name>-day, -month, -year.
const DATE_PARTS = ["day", "month", "year"];

// Every question's answer that can be read: {values, count, partial}.
// Unanswered questions are left out (the contract's defaults apply), and so are
// answers that cannot be read, such as "abc" for money (`partial` is then true).
export function readAnswers(data, formData) {
  const values = {};
  let partial = false;
  for (const [name, spec] of Object.entries(data.fields)) {
    const answer = readAnswer(spec, name, formData, data.today);
    if (answer.invalid) partial = true;
    else if ("value" in answer) values[name] = answer.value;
  }
  return { values, count: Object.keys(values).length, partial };
}

function readAnswer(spec, name, formData, today) {
  if (spec.kind === "date") {
    return readDate(DATE_PARTS.map((part) => formData.get(`${name}-${part}`)), spec, today);
  }
  const raw = formData.get(name);
  const text = typeof raw === "string" ? raw.trim() : "";
  if (text === "") return {};
  switch (spec.kind) {
    case "yes_no": // the Yes/No radios
      return text === "yes" || text === "no" ? { value: text === "yes" } : INVALID;
    case "choice":
      return { value: text };
    case "money":
      return readMoney(text, spec.max);
    case "hours":
      return readHours(text, spec.max);
    default: // free text: not part of the contract, but counts as answered
      return text.length > spec.max_length || text.includes("\0") ? INVALID : { value: text };
  }
}

// "£1,250.5" -> "1250.50": pounds, with optional £ and thousands commas.
function readMoney(input, max) {
  let text = input.replaceAll(" ", "");
  if (text.startsWith("£") || text.startsWith("-£")) text = text.replace("£", "");
  if (text.startsWith("-")) return INVALID;
  const match = MONEY.exec(text);
  if (!match || tooManyDecimals(match[1])) return INVALID;
  const [pounds, pence = ""] = text.replaceAll(",", "").split(".");
  const value = `${pounds}.${(pence + "00").slice(0, 2)}`;
  return Number(value) > Number(max) ? INVALID : { value };
}

function readHours(input, max) {
  const text = input.replaceAll(" ", "");
  const match = HOURS.exec(text);
  if (!match || tooManyDecimals(match[1]) || Number(text) > Number(max)) return INVALID;
  return { value: text };
}

// More than two decimal places, not counting trailing zeros ("24.990" is fine).
function tooManyDecimals(decimals) {
  return decimals !== undefined && decimals.replace(/0+$/, "").length > 2;
}

// The GOV.UK date input's day, month and year -> "YYYY-MM-DD".
function readDate(rawParts, spec, today) {
  const parts = rawParts.map((part) => (typeof part === "string" ? part.trim() : ""));
  if (parts.every((part) => part === "")) return {};
  if (parts.some((part) => !PART.test(part)) || parts[2].length !== 4) return INVALID;
  const [day, month, year] = parts.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real) return INVALID;
  const iso = date.toISOString().slice(0, 10);
  if (iso < "1900-01-01" || iso > addDays(today, spec.future_days)) return INVALID;
  return { value: iso };
}

function addDays(isoDate, days) {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
