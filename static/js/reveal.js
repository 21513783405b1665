// Shows the box under a chosen option and hides the others (the GOV.UK conditional
// reveal), for pages whose radios or checkbox name their block with `data-reveals`
// (templates/filing/disposition.html; questions.js uses `reveal` for the declaration
// form's follow-up questions). Not GOV.UK Frontend's data-aria-controls: its
// script puts aria-expanded on the radio, which ARIA does not allow there (axe's
// aria-allowed-attr). Without JavaScript every block is shown.

const HIDDEN = {
  radio: "govuk-radios__conditional--hidden",
  checkbox: "govuk-checkboxes__conditional--hidden",
};

export function reveal(form) {
  for (const input of form.querySelectorAll("input[data-reveals]")) {
    const block = document.getElementById(input.dataset.reveals);
    if (block) block.classList.toggle(HIDDEN[input.type], !input.checked);
  }
}

for (const form of document.querySelectorAll("form[data-reveals-under-choices]")) {
  form.addEventListener("change", () => reveal(form));
  reveal(form);
}
