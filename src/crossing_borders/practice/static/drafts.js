/* Reflection drafts on an exercise page: count the words, keep the text in this browser.
 *
 * Each panel (made by practice/drafts.py) holds one textarea for one reflection. The
 * draft is saved on every change under draft/<assignment>/<grade_id> -> {text, at}
 * in the course store (course-store.js), the key the progress page reads. When the
 * browser refuses storage the panel says so and the page asks before it is left,
 * so a draft is never lost silently. The word count is visible at once; screen
 * readers hear it, politely, only once typing pauses.
 */
(function () {
  "use strict";
  const cb = (window.CrossingBorders = window.CrossingBorders || {});
  const ANNOUNCE_AFTER_MS = 1500;
  // The rule of crossing_borders.course.validation.count_words, which
  // `crossing-borders validate` applies: runs of letters or digits, with inner ' and -.
  const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

  function countWords(text) {
    return (String(text).match(WORD) || []).length;
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  /* The count and, when the prompt gives a range, where the count stands in it. */
  function describe(count, low, high) {
    const counted = plural(count, "word");
    if (low === null) return { text: counted, state: "none" };
    if (count === 0) return { text: `${counted}; the prompt asks for ${low} to ${high}.`, state: "empty" };
    if (count < low) {
      return { text: `${counted}: ${low - count} short of the ${low} to ${high} asked for.`, state: "short" };
    }
    if (count > high) {
      return { text: `${counted}: ${count - high} over the ${low} to ${high} asked for.`, state: "long" };
    }
    return { text: `${counted}: within the ${low} to ${high} asked for.`, state: "within" };
  }

  function range(panel) {
    const low = Number.parseInt(panel.dataset.wordsMin, 10);
    const high = Number.parseInt(panel.dataset.wordsMax, 10);
    return Number.isInteger(low) && Number.isInteger(high) ? [low, high] : [null, null];
  }

  function clock(at) {
    const when = new Date(at);
    return Number.isNaN(when.getTime())
      ? ""
      : when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  const unsaved = new Set();

  function setUp(panel) {
    const store = cb.store;
    const key = `draft/${panel.dataset.assignment}/${panel.dataset.gradeId}`;
    const box = panel.querySelector("textarea");
    const count = panel.querySelector('[data-role="count"]');
    const announce = panel.querySelector('[data-role="announce"]');
    const saved = panel.querySelector('[data-role="saved"]');
    const [low, high] = range(panel);
    let timer = null;

    function showCount(speak) {
      const result = describe(countWords(box.value), low, high);
      count.textContent = result.text;
      count.dataset.state = result.state;
      window.clearTimeout(timer);
      if (speak) timer = window.setTimeout(() => (announce.textContent = result.text), ANNOUNCE_AFTER_MS);
    }

    function showSaved(ok, at) {
      saved.dataset.state = ok ? "saved" : "unsaved";
      if (!ok) {
        saved.setAttribute("role", "alert");
        saved.textContent =
          "Not saved: this browser refuses to store your draft (a private window, or " +
          "storage switched off or full). It is kept only until you leave this page: " +
          "download your notebook or copy the text before you go.";
      } else {
        saved.removeAttribute("role");
        saved.textContent = at ? `Saved in this browser at ${clock(at)}.` : "Nothing drafted yet.";
      }
    }

    function save() {
      const text = box.value;
      if (text.trim() === "") {
        store.remove(key);
        unsaved.delete(key);
        showSaved(store.persistent, null);
        return;
      }
      const at = new Date().toISOString();
      const ok = store.set(key, { text, at });
      if (ok) unsaved.delete(key);
      else unsaved.add(key);
      showSaved(ok, at);
    }

    const kept = store.get(key, null);
    if (kept && typeof kept.text === "string") box.value = kept.text;
    showCount(false);
    showSaved(store.persistent, kept && kept.at);
    box.addEventListener("input", () => {
      save();
      showCount(true);
    });
    panel.hidden = false;
  }

  function start() {
    if (!cb.store) return; // course-store.js missing: leave the panels hidden
    document.querySelectorAll(".cb-draft").forEach(setUp);
    window.addEventListener("beforeunload", (event) => {
      if (unsaved.size === 0) return;
      event.preventDefault();
      event.returnValue = ""; // the browser asks before the unsaved drafts are lost
    });
  }

  cb.drafts = { countWords, describe };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
