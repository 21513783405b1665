// The warning before a signed-in session ends (loaded by templates/base.html for
// signed-in users; the server's side is declarations/accounts/sessions.py).
//
// The <body> carries the settings as data attributes: seconds left before the idle
// and the absolute limits, how long before the end to warn, and the addresses of the
// session's status (how long is left; not activity), keep-alive (activity) and the
// sign-in page. The warning is the <dialog id="session-timeout"> of
// templates/accounts/sessions_timeout_dialog.html.
//
// Before acting, the script asks the server how long is left: another tab may have
// kept the session going. When the time runs out on a page with a declaration form,
// the form is sent with "Save as draft" (and `session_timeout`, so the server saves it
// and then signs out); on any other page the browser goes to the sign-in page, which
// the server answers with the reason the session ended.
//
// Without JavaScript none of this runs: the server ends the session all the same.

const SAVE_MARGIN_SECONDS = 10; // send the draft this long before the end, at most
const AUTOSAVE_FIELD = "session_timeout";

const body = document.body;
const config = {
  idle: Number(body.dataset.sessionIdleSeconds),
  absolute: Number(body.dataset.sessionAbsoluteSeconds),
  warning: Number(body.dataset.sessionWarningSeconds),
  statusUrl: body.dataset.sessionStatusUrl,
  keepAliveUrl: body.dataset.sessionKeepAliveUrl,
  signedOutUrl: body.dataset.sessionSignedOutUrl,
};
const dialog = document.getElementById("session-timeout");

function csrfToken() {
  const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
  return input ? input.value : "";
}

// The declaration form's "Save as draft" button (templates/filing/form.html), if any.
function draftButton() {
  return document.querySelector('form button[type="submit"][name="action"][value="save"]');
}

function words(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole >= 60) {
    const minutes = Math.ceil(whole / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${whole} second${whole === 1 ? "" : "s"}`;
}

function start() {
  const countdown = dialog.querySelector("[data-session-countdown]");
  const stay = dialog.querySelector("[data-session-stay]");
  const signOut = dialog.querySelector("[data-session-sign-out]");
  const stayWords = stay.textContent;
  let end = 0; // when the session ends, in performance.now() milliseconds
  const absoluteEnd = performance.now() + config.absolute * 1000;
  let reason = "idle";
  let timers = [];
  let ticker = null;
  let leaving = false; // the draft is being sent, or the browser is going to sign in

  const secondsLeft = () => (end - performance.now()) / 1000;

  function clearTimers() {
    timers.forEach((timer) => window.clearTimeout(timer));
    timers = [];
    window.clearInterval(ticker);
    ticker = null;
  }

  function at(secondsBeforeEnd, action) {
    const delay = Math.max(0, (secondsLeft() - secondsBeforeEnd) * 1000);
    timers.push(window.setTimeout(action, delay));
  }

  // Start counting from what the server says is left.
  function schedule(idleLeft, absoluteLeft) {
    clearTimers();
    reason = absoluteLeft <= idleLeft ? "absolute" : "idle";
    end = performance.now() + Math.min(idleLeft, absoluteLeft) * 1000;
    const saveMargin = Math.min(SAVE_MARGIN_SECONDS, config.warning / 2);
    at(config.warning, () => confirmThen(warn));
    if (draftButton()) at(saveMargin, () => confirmThen(saveDraft));
    // A moment after the end, so that the server has ended the session too.
    else at(-1, () => confirmThen(signedOut, { ended: true }));
  }

  // How long the server says is left: {idle_seconds_left, absolute_seconds_left};
  // "signed out" if the session has already ended; null if it cannot be asked.
  async function askServer() {
    try {
      const response = await fetch(config.statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.status === 401) return "signed out";
      return response.ok ? await response.json() : null;
    } catch {
      return null;
    }
  }

  // Act only if the session really is ending (or, with `ended`, has ended).
  async function confirmThen(action, { ended = false } = {}) {
    if (leaving) return;
    const left = await askServer();
    if (left === "signed out") return signedOut();
    if (left === null) return action(); // offline: go by this page's own count
    const serverLeft = Math.min(left.idle_seconds_left, left.absolute_seconds_left);
    if (ended ? serverLeft > 0 : serverLeft > secondsLeft() + 5) {
      // Used in another tab meanwhile: start again from the server's count.
      close();
      schedule(left.idle_seconds_left, left.absolute_seconds_left);
      return;
    }
    action();
  }

  function warn() {
    if (dialog.open || leaving) return;
    for (const part of dialog.querySelectorAll("[data-session-reason]")) {
      part.hidden = part.dataset.sessionReason !== reason;
    }
    dialog.querySelector("[data-session-draft]").hidden = !draftButton();
    // Staying signed in cannot pass the absolute limit: the button only closes then.
    stay.textContent = reason === "absolute" ? "Close" : stayWords;
    countdown.textContent = words(secondsLeft());
    ticker = window.setInterval(() => {
      countdown.textContent = words(secondsLeft());
    }, 1000);
    dialog.showModal();
  }

  function close() {
    window.clearInterval(ticker);
    ticker = null;
    if (dialog.open) dialog.close();
  }

  async function staySignedIn() {
    if (reason === "absolute") {
      close();
      return;
    }
    try {
      const response = await fetch(config.keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      });
      if (response.status === 401) return signedOut();
      if (!response.ok) return; // keep the warning up: the session is still ending
    } catch {
      return;
    }
    close();
    const left = await askServer();
    if (left === "signed out") return signedOut();
    if (left === null) schedule(config.idle, (absoluteEnd - performance.now()) / 1000);
    else schedule(left.idle_seconds_left, left.absolute_seconds_left);
  }

  function saveDraft() {
    const button = draftButton();
    if (!button) return signedOut();
    if (leaving) return;
    leaving = true;
    close();
    const marker = document.createElement("input");
    marker.type = "hidden";
    marker.name = AUTOSAVE_FIELD;
    marker.value = "save";
    button.form.append(marker);
    button.form.requestSubmit(button);
  }

  function signedOut() {
    if (leaving) return;
    leaving = true;
    clearTimers();
    close();
    const next = window.location.pathname + window.location.search;
    const query = encodeURIComponent(next).replaceAll("%2F", "/"); // as Django writes it
    window.location.assign(`${config.signedOutUrl}?next=${query}`);
  }

  stay.addEventListener("click", staySignedIn);
  // Escape closes a modal dialog: take it as "Stay signed in", as the button.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  signOut.addEventListener("click", () => {
    const form = document.querySelector(".register-sign-out__form");
    if (form) form.requestSubmit();
  });

  schedule(config.idle, config.absolute);
}

if (dialog && config.statusUrl && Number.isFinite(config.idle) && Number.isFinite(config.absolute)) {
  start();
}
