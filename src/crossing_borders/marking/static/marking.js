// The marking page's keys and saving. Loaded from the extension (no inline script).
// Digits choose a level of the current criterion and move on; s or Ctrl+Enter saves;
// n / p go to the next / previous answer. Text fields keep their keys, except Ctrl+Enter.
(() => {
  "use strict";
  const main = document.getElementById("marking");
  if (!main) return;
  const form = document.getElementById("marking-form");
  const criteria = [...form.querySelectorAll("fieldset.criterion")];
  const total = document.getElementById("total");
  const status = document.getElementById("status");
  const error = document.getElementById("error");
  const saveButton = document.getElementById("save");
  let saving = false;

  const radios = (set) => [...set.querySelectorAll("input[type=radio]")];
  const chosen = (set) => set.querySelector("input[type=radio]:checked");

  function typing(el) {
    if (!el) return false;
    if (el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable) return true;
    return el.tagName === "INPUT" && !["radio", "checkbox", "button", "submit"].includes(el.type);
  }

  function focusCriterion(set) {
    (chosen(set) || radios(set)[0]).focus();
  }

  // The criterion a digit applies to: the one holding focus, else the first without a level.
  function current() {
    return criteria.find((s) => s.contains(document.activeElement))
      || criteria.find((s) => !chosen(s)) || criteria[0];
  }

  function pick(digit) {
    const set = current();
    const radio = set && radios(set)[digit - 1];
    if (!radio) return false;
    radio.checked = true;
    updateTotal();
    const next = criteria[criteria.indexOf(set) + 1];
    if (next) focusCriterion(next); else saveButton.focus();
    return true;
  }

  function updateTotal() {
    const picked = criteria.map(chosen);
    const sum = picked.reduce((acc, r) => acc + (r ? Number(r.dataset.points) : 0), 0);
    const missing = picked.filter((r) => !r).length;
    total.textContent = missing ? `${sum} so far (${missing} criteria without a level)` : `${sum}`;
  }

  function cookie(name) {
    const found = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function marking() {
    const levels = {};
    const comments = {};
    for (const set of criteria) {
      const name = set.dataset.criterion;
      const radio = chosen(set);
      if (radio) levels[name] = radio.value;
      const text = set.querySelector("textarea.criterion-comment").value.trim();
      if (text) comments[name] = text;
    }
    const regrades = [...document.querySelectorAll("input.regrade:checked")].map((c) => c.value);
    return {levels, comments, note: document.getElementById("note").value, regrades};
  }

  async function save() {
    if (saving) return;
    saving = true;
    error.textContent = "";
    status.textContent = "Saving…";
    try {
      const response = await fetch(main.dataset.save, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-XSRFToken": cookie("_xsrf")},
        body: JSON.stringify(marking()),
      });
      let body = {};
      try { body = await response.json(); } catch (e) { body = {}; }
      if (!response.ok) {
        status.textContent = "";
        error.textContent = `Not saved: ${body.message || `the server answered ${response.status}`}`;
        return;
      }
      status.textContent = `Saved ${body.total}/${body.max_score} for ${body.student}.`;
      document.getElementById("who").textContent = `: ${body.student}`;
      for (const id of body.answered) {
        const box = document.getElementById(`regrade-${id}`);
        if (box) {
          box.checked = false;
          box.disabled = true;
          box.nextElementSibling.append(" (answered by this save)");
        }
      }
    } catch (e) {
      status.textContent = "";
      error.textContent = `Not saved: ${e.message}`;
    } finally {
      saving = false;
    }
  }

  // A kept comment chosen in the picker goes into the criterion's comment field:
  // replacing the comment picked before it, added after what the grader typed.
  for (const set of criteria) {
    const bank = set.querySelector("select.bank");
    const box = set.querySelector("textarea.criterion-comment");
    bank.addEventListener("change", () => {
      if (!bank.value) return;
      const own = box.value.trim() && box.value !== box.dataset.picked;
      box.value = own ? `${box.value.trim()} ${bank.value}` : bank.value;
      box.dataset.picked = box.value;
    });
  }

  form.addEventListener("change", updateTotal);
  form.addEventListener("submit", (event) => { event.preventDefault(); save(); });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (/^[1-9]$/.test(event.key)) {
      if (pick(Number(event.key))) event.preventDefault();
    } else if (event.key === "s") {
      event.preventDefault();
      save();
    } else if (event.key === "n" && main.dataset.next) {
      window.location.assign(main.dataset.next);
    } else if (event.key === "p" && main.dataset.prev) {
      window.location.assign(main.dataset.prev);
    }
  });
  updateTotal();
})();
