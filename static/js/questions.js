// Asking only what applies, on the declaration form (templates/filing/form.html).
//
// A question whose answer cannot change what the officer's code says, given the answers
// so far, is hidden as soon as an answer makes it moot, and shown again if another
// answer brings it back: relevance.js walks the trees of the #questions-data JSON (the
// form's `questions_data`, from policies/relevance.py) with the answers read as the
// live panel reads them (answers.js). The form on the server skips the same questions,
// so a hidden one is never asked for. Follow-up questions are revealed under their
// answer (the GOV.UK conditional reveal: a radio's `data-reveals` names its block).
//
// Without JavaScript every question is shown and the server ignores those that do not
// apply; a hidden question keeps what was typed in it, so nothing is lost if it returns.

import { postedAnswers, readAnswers } from "./answers.js";
import { questionsToSkip } from "./relevance.js";
import { reveal } from "./reveal.js";

const form = document.getElementById("declaration-form");
const verdictData = document.getElementById("verdict-data");
const questionsData = document.getElementById("questions-data");

function start(fields, questions) {
  const wrappers = new Map(
    questions.askable
      .map((name) => [name, document.getElementById(`div_id_${name}`)])
      .filter(([, wrapper]) => wrapper !== null),
  );

  function update() {
    reveal(form); // each follow-up block is shown while its answer is chosen
    const { values } = readAnswers(fields, postedAnswers(form));
    const skip = questionsToSkip(questions.trees, values, questions.askable);
    for (const [name, wrapper] of wrappers) {
      const hide = skip.has(name);
      if (wrapper.hidden !== hide) wrapper.hidden = hide;
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}

if (form && verdictData && questionsData) {
  start(JSON.parse(verdictData.textContent), JSON.parse(questionsData.textContent));
}
