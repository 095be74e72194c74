/* Self-checks: judge an answer on the page, explain it, keep it in this browser.
 *
 * Each check is rendered at build time (crossing_borders/practice/render.py) as a
 * form with real controls, a feedback region (role=status, aria-live) and a JSON
 * description of the right answer. This script only wires them: Check judges and
 * explains, Try again clears and returns focus to the first control, ordering
 * lines move with buttons, and every answer is saved under
 * selfcheck/<page>/<check id> in window.CrossingBorders.store (course-store.js).
 */
(function () {
  "use strict";
  const store = window.CrossingBorders && window.CrossingBorders.store;

  function parseNumber(text) {
    const cleaned = text.trim().replace(/\s+/g, "").replace(/%$/, "").replace(",", ".");
    return cleaned === "" || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned) ? NaN : Number(cleaned);
  }

  /* Each kind: read the answer from the controls, put a saved one back, judge it. */
  const KINDS = {
    single: {
      read: (root) => [...root.querySelectorAll("input:checked")].map((i) => Number(i.value)),
      restore: (root, answer) =>
        root.querySelectorAll("input").forEach((i) => {
          i.checked = answer.includes(Number(i.value));
        }),
      judge: (data, answer) => {
        const right = data.options.every((o, n) => o.right === answer.includes(n));
        const chosen = answer.map((n) => data.options[n].why);
        // With several right answers, say how many are still missing (a single choice needs no count).
        const missed = data.options.filter((o, n) => o.right && !answer.includes(n)).length;
        let extra = "";
        if (data.kind === "multiple" && !right && missed) {
          extra = missed === 1 ? " One right answer is not chosen yet." : ` ${missed} right answers are not chosen yet.`;
        }
        return { right, why: chosen.join(" ") + extra };
      },
      empty: (answer) => answer.length === 0,
    },
    number: {
      read: (root) => root.querySelector("input").value,
      restore: (root, answer) => {
        root.querySelector("input").value = answer;
      },
      judge: (data, answer) => {
        const value = parseNumber(answer);
        if (Number.isNaN(value)) return { right: false, why: "Give a number, such as 0.25 or 40." };
        const right = Math.abs(value - data.answer) <= data.tolerance + 1e-9;
        const shown = right ? `The model gives ${data.shown}. ` : "";
        return { right, why: shown + (right ? data.explanation : data.hint) };
      },
      empty: (answer) => answer.trim() === "",
    },
    order: {
      read: (root) => [...root.querySelectorAll(".cb-sc-item")].map((li) => Number(li.dataset.item)),
      restore: (root, answer) => {
        const list = root.querySelector(".cb-sc-order");
        const items = new Map([...list.children].map((li) => [Number(li.dataset.item), li]));
        if (answer.length !== items.size || !answer.every((n) => items.has(n))) return;
        answer.forEach((n) => list.appendChild(items.get(n)));
      },
      judge: (data, answer) => {
        const placed = answer.filter((n, position) => n === position).length;
        const right = placed === data.items;
        const count = right ? "" : `${placed} of ${data.items} lines are in their place. `;
        return { right, why: count + (right ? data.explanation : data.hint) };
      },
      empty: () => false,
    },
  };
  KINDS.multiple = KINDS.single;

  function firstControl(root) {
    return root.querySelector("fieldset input, fieldset button");
  }

  function show(check, outcome) {
    const { feedback, retry } = check;
    feedback.classList.toggle("cb-sc-right", outcome.right);
    feedback.classList.toggle("cb-sc-wrong", !outcome.right);
    feedback.innerHTML = "";
    const verdict = document.createElement("strong");
    verdict.textContent = outcome.right ? "Correct. " : "Not yet. ";
    const why = document.createElement("span");
    why.innerHTML = outcome.why; // built at build time from the author's text, escaped there
    feedback.append(verdict, why);
    retry.hidden = false;
  }

  function setUp(root) {
    const data = JSON.parse(root.querySelector(".cb-sc-data").textContent);
    const kind = KINDS[data.kind];
    const key = `selfcheck/${root.dataset.page}/${root.dataset.selfcheck}`;
    const form = root.querySelector("form");
    const check = {
      feedback: root.querySelector(".cb-sc-feedback"),
      retry: root.querySelector(".cb-sc-retry"),
    };
    root.querySelector(".cb-sc-answer").hidden = true;
    root.querySelector(".cb-sc-actions").hidden = false;
    root.querySelectorAll(".cb-sc-moves").forEach((m) => {
      m.hidden = false;
    });
    if (store && !store.persistent) {
      const note = document.createElement("p");
      note.className = "cb-sc-note";
      note.textContent = "This browser does not let the site keep data: your answers are kept only for this visit.";
      form.appendChild(note);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const answer = kind.read(root);
      if (kind.empty(answer)) {
        check.feedback.classList.remove("cb-sc-right", "cb-sc-wrong");
        check.feedback.textContent = "Choose or enter an answer first.";
        return;
      }
      const outcome = kind.judge(data, answer);
      show(check, outcome);
      if (store) store.set(key, { answer, correct: outcome.right, at: new Date().toISOString() });
    });

    check.retry.addEventListener("click", () => {
      form.reset();
      check.feedback.textContent = "";
      check.feedback.classList.remove("cb-sc-right", "cb-sc-wrong");
      check.retry.hidden = true;
      firstControl(root).focus();
    });

    root.addEventListener("click", (event) => {
      const button = event.target.closest(".cb-sc-up, .cb-sc-down");
      if (!button) return;
      const item = button.closest("li");
      const up = button.classList.contains("cb-sc-up");
      const neighbour = up ? item.previousElementSibling : item.nextElementSibling;
      if (!neighbour) return;
      item.parentNode.insertBefore(item, up ? neighbour : neighbour.nextElementSibling);
      button.focus();
      const position = [...item.parentNode.children].indexOf(item) + 1;
      const text = item.querySelector(".cb-sc-text").textContent;
      root.querySelector(".cb-sc-moved").textContent = `"${text}" is now line ${position} of ${item.parentNode.children.length}.`;
    });

    const saved = store ? store.get(key) : undefined;
    if (saved && saved.answer !== undefined) {
      // Put the saved answer back without announcing every check on the page at load.
      kind.restore(root, saved.answer);
      check.feedback.setAttribute("aria-live", "off");
      show(check, kind.judge(data, saved.answer));
      window.setTimeout(() => check.feedback.setAttribute("aria-live", "polite"), 0);
    }
  }

  function start() {
    document.querySelectorAll(".cb-selfcheck").forEach((root) => {
      try {
        setUp(root);
      } catch (error) {
        root.querySelector(".cb-sc-answer").hidden = false; // the readable fallback stays
        throw error;
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
