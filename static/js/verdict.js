// The live "What your code says" panel on the declaration form
// (templates/filing/form.html, loaded as a module after GOV.UK Frontend).
//
// Whenever an answer changes, the answers that can be read so far (answers.js) go to
// POST /api/policy-check (the policy contract: shared/spec/policy-contract.md)
// and the verdict is drawn into #verdict-panel with the same markup and words
// as templates/filing/_verdict_panel.html. The panel is not a live region: what
// changed is said in one short line, #verdict-status (role="status"), such as
// "Your code says: must be declined", so a screen reader hears that and not the
// whole panel again. The words for outcomes, roles,
// flags, codes and clauses, and the people in each role, come from the server
// in the #verdict-data JSON (declarations/filing/presenters.live_verdict); only the
// partial's fixed sentences are written here, and tests/e2e/test_live_verdict.py
// checks that both draw the same panel.
//
// Without JavaScript (or if anything here fails) the form's "Check what your
// code says" button does the same on the server.

import { postedAnswers, readAnswers } from "./answers.js";

const DEBOUNCE_MS = 300;

const form = document.getElementById("declaration-form");
const panel = document.getElementById("verdict-panel");
const status = document.getElementById("verdict-status");
const dataElement = document.getElementById("verdict-data");

function start(data) {
  // Ask for the ids of the rules that fired too: they pair each reason with its clauses.
  const url = `${form.dataset.policyCheckUrl}?rules_fired=1`;
  const tokenInput = form.querySelector('input[name="csrfmiddlewaretoken"]');
  let timer = null;
  let latest = 0; // number of the newest request: older answers are ignored
  let controller = null;
  let shown = ""; // the HTML last drawn, so an unchanged verdict is not re-announced

  // aria-busy tells screen readers (and the tests) that a newer verdict is coming.
  function setBusy(busy) {
    if (busy) panel.setAttribute("aria-busy", "true");
    else panel.removeAttribute("aria-busy");
  }

  function schedule() {
    window.clearTimeout(timer);
    setBusy(true);
    timer = window.setTimeout(refresh, DEBOUNCE_MS);
  }

  async function refresh() {
    timer = null;
    const number = ++latest;
    if (controller) controller.abort();
    try {
      await check(number);
    } finally {
      if (number === latest && timer === null) setBusy(false);
    }
  }

  async function check(number) {
    const answers = readAnswers(data, postedAnswers(form));
    const missing = data.required.find(([name]) => !(name in answers.values));
    if (missing) {
      // As the server's Check: the code cannot be read without this answer.
      draw({ available: false, unavailable: `Answer “${missing[1]}” to see what your code says.` });
      return;
    }
    controller = new AbortController();
    let verdict;
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": tokenInput ? tokenInput.value : "",
        },
        body: JSON.stringify(contractRequest(data, answers.values)),
        signal: controller.signal,
      });
      // A refused request (400) or a server problem: keep the panel as it is.
      if (!response.ok) return;
      verdict = await response.json();
    } catch {
      return; // aborted by a newer change, or offline: keep the panel as it is
    }
    if (number === latest) draw(panelFor(data, verdict, answers));
  }

  function draw(panelData) {
    const nodes = panelNodes(data, panelData);
    const html = nodes.map((node) => node.outerHTML).join("");
    if (html === shown) return;
    shown = html;
    panel.replaceChildren(...nodes);
    const line = statusLine(data, panelData);
    if (status && status.textContent !== line) status.textContent = line;
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);

  // A saved draft, or answers sent back with errors: show their verdict now,
  // unless the server has just drawn one (after "Check what your code says").
  const answered = readAnswers(data, postedAnswers(form)).count > 0;
  if (answered && !panel.querySelector(".govuk-tag")) {
    setBusy(true);
    refresh();
  }
}

// The contract's request: the answers it knows (not the free text), with the officer.
function contractRequest(data, values) {
  const declaration = { type: data.type, declared_on: data.today };
  for (const [name, value] of Object.entries(values)) {
    if (data.fields[name].kind !== "text") declaration[name] = value;
  }
  return { employer: data.employer, officer: data.officer, declaration };
}

// --- the panel, as declarations/filing.verdict_panel and _verdict_panel.html ---

// The verdict in one line, as the filing_tags `verdict_status` filter writes it.
function statusLine(data, p) {
  if (!p.available) return p.unavailable || "";
  const outcome = data.outcomes[p.outcome];
  const words = outcome ? outcome.words : p.outcome;
  return `Your code says: ${words.charAt(0).toLowerCase()}${words.slice(1)}`;
}

// Whether a question is on show: not hidden because it does not apply (questions.js),
// nor a follow-up under an answer not chosen (the GOV.UK conditional reveal).
function onShow(name) {
  const group = document.getElementById(`div_id_${name}`);
  return !group || !group.closest("[hidden], .govuk-radios__conditional--hidden");
}

// Whether a question on show and not optional is still unanswered, so that the verdict
// assumes its usual answer (as filing.presenters.form_panel says on the server).
function assumesAnswers(data, answers) {
  return Object.keys(data.fields).some(
    (name) => !data.optional.includes(name) && !(name in answers.values) && onShow(name),
  );
}

function panelFor(data, verdict, answers) {
  return {
    available: true,
    outcome: verdict.outcome,
    route: verdict.route || [],
    registerKeeper: verdict.register_keeper,
    deadline: verdict.deadline,
    late: Boolean(verdict.late),
    written: Boolean(verdict.written),
    flags: verdict.flags || [],
    codesApplied: verdict.codes_applied || [],
    ...explanations(data, verdict),
    partial: answers.partial,
    assumed: assumesAnswers(data, answers),
  };
}

// Each reason with the clauses its rule cites; citations no reason claims come apart.
// As declarations/filing/presenters._explanations: the reasons follow the rules that fired, in
// order, home code first; a code under which no rule fired gave one reason of its own.
function clausesByReason(data, verdict) {
  const codes = verdict.codes_applied || [];
  const fired = verdict.rules_fired || [];
  if (!fired.length || !codes.length) return null;
  const byCode = new Map(codes.map((code) => [code, []]));
  for (const id of fired) {
    const code = codes.find((each) => id in (data.rules[each] || {}));
    if (code === undefined) return null;
    byCode.get(code).push(data.rules[code][id].map((clause) => `${code}:${clause}`));
  }
  const slots = codes.flatMap((code) => (byCode.get(code).length ? byCode.get(code) : [[]]));
  return slots.length === (verdict.reasons || []).length ? slots : null;
}

function explanations(data, verdict) {
  const cited = verdict.citations || [];
  const slots = clausesByReason(data, verdict);
  const used = new Set();
  const reasons = (verdict.reasons || []).map((reason, index) => {
    const refs = [...new Set(slots ? slots[index] : [])].filter((ref) => cited.includes(ref));
    refs.forEach((ref) => used.add(ref));
    return { reason, refs };
  });
  return { reasons, otherRefs: cited.filter((ref) => !used.has(ref)) };
}

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children.filter((child) => child !== null && child !== ""));
  return node;
}

const body = (...children) => el("p", "govuk-body", ...children);
const subheading = (text) => el("h3", "govuk-heading-s", text);
const capfirst = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const withPeople = (words, people) => (people.length ? `${words} (${people.join(", ")})` : words);

function longDate(isoDate) {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

// A clause's link to the policy reference page (or its name, if it has no page).
function citation(data, ref) {
  const { label, url } = data.citations[ref] || { label: ref, url: "" };
  if (!url) return label;
  const link = el("a", "govuk-link", label);
  link.href = url;
  return link;
}

// The panel's contents (its <aside> stays).
function panelNodes(data, p) {
  const title = el("h2", "govuk-heading-m", "What your code says");
  title.id = "verdict-panel-title";
  if (!p.available) return [title, body(p.unavailable)];

  const role = (name) => data.roles[name] || { words: name, people: [] };
  const outcome = data.outcomes[p.outcome] || { words: p.outcome, tag_class: "govuk-tag--grey" };
  const nodes = [title, body(el("strong", `govuk-tag ${outcome.tag_class}`, outcome.words))];
  if (p.assumed) {
    nodes.push(
      el(
        "p",
        "govuk-hint",
        "This is based on what you have answered so far: questions not yet answered count " +
          "as their usual answer, which is mostly “No”.",
      ),
    );
  }
  if (p.partial) {
    nodes.push(
      el(
        "p",
        "govuk-hint",
        "Some answers could not be read, so this is based on the rest. Correct the answers " +
          "marked with errors.",
      ),
    );
  }

  nodes.push(subheading("Who must approve it or be told"));
  if (p.route.length) {
    const steps = p.route.map((name) => {
      const { words, people } = role(name);
      return el("li", "", capfirst(withPeople(words, people)));
    });
    nodes.push(el("ul", "govuk-list", ...steps));
  } else {
    nodes.push(body("Nobody needs to approve it or be told."));
  }

  nodes.push(subheading("Which register it goes in"));
  if (p.registerKeeper) {
    const keeper = role(p.registerKeeper);
    nodes.push(body(`The register kept by ${withPeople(keeper.words, keeper.people)}.`));
  } else {
    nodes.push(body("No register is named for this."));
  }

  // The form is never showing a filed declaration, so these are the "not yet filed" words.
  nodes.push(subheading("Deadline"));
  if (p.deadline) {
    nodes.push(body(`Declare it by ${longDate(p.deadline)}.`));
    if (p.late) {
      nodes.push(
        body(
          el("strong", "govuk-tag govuk-tag--red", "Late"),
          " This is already past the deadline. Declare it now and say why it is late.",
        ),
      );
    }
  } else {
    nodes.push(body("Your code sets no deadline for this."));
  }
  if (p.written) {
    nodes.push(body("Your code asks for this in writing: submitting it here puts it in writing."));
  }

  if (p.flags.length) {
    nodes.push(subheading("Take note"));
    const flags = p.flags.map((flag) => el("li", "", data.flags[flag] || flag));
    nodes.push(el("ul", "govuk-list govuk-list--bullet", ...flags));
  }

  // "Reason <a>clause</a>, <a>clause</a>" and "See also <a>clause</a>, <a>clause</a>."
  nodes.push(subheading("Why"));
  const reasons = p.reasons.map(({ reason, refs }) => {
    const cites = refs.flatMap((ref, i) => [" ", citation(data, ref), i < refs.length - 1 ? "," : ""]);
    return el("li", "", reason, ...cites);
  });
  nodes.push(el("ul", "govuk-list govuk-list--bullet", ...reasons));
  if (p.otherRefs.length) {
    const cites = p.otherRefs.flatMap((ref, i) => [i ? ", " : "", citation(data, ref)]);
    nodes.push(body("See also ", ...cites, "."));
  }
  const codes = p.codesApplied.map((code) => data.codes[code] || code);
  const which = codes.length > 1 ? "the codes of " : "the code of ";
  nodes.push(el("p", "govuk-body-s", `Checked against ${which}${codes.join(" and ")}.`));
  return nodes;
}

// Last, so that every constant above is defined before the first check runs.
if (form && panel && dataElement) {
  start(JSON.parse(dataElement.textContent));
}
