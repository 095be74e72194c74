/* The progress page: counts what this browser keeps, and clears it on request.
 *
 * Rows are rendered at build time with the check ids and draft keys each chapter
 * has (crossing_borders/practice/progress.py); this script counts the ones the
 * store holds: self-checks answered correctly, reflection drafts with text.
 * Nothing is sent anywhere: the store is this browser's localStorage.
 */
(function () {
  "use strict";
  const store = window.CrossingBorders && window.CrossingBorders.store;

  function count(row) {
    const page = row.dataset.chapter;
    const checks = JSON.parse(row.dataset.checks);
    const drafts = JSON.parse(row.dataset.drafts);
    const done = checks.filter((id) => {
      const saved = store.get(`selfcheck/${page}/${id}`);
      return Boolean(saved && saved.correct);
    }).length;
    const drafted = drafts.filter((key) => {
      const saved = store.get(key);
      return Boolean(saved && typeof saved.text === "string" && saved.text.trim());
    }).length;
    row.querySelector(".cb-progress-checks .cb-count").textContent = String(done);
    row.querySelector(".cb-progress-drafts .cb-count").textContent = String(drafted);
  }

  function refresh(root) {
    root.querySelectorAll("tr[data-chapter]").forEach(count);
  }

  function setUp(root) {
    const clear = root.querySelector(".cb-progress-clear");
    const startButton = root.querySelector(".cb-progress-start");
    const confirm = root.querySelector(".cb-progress-confirm");
    const status = root.querySelector(".cb-progress-status");
    root.querySelector(".cb-progress-memory").hidden = store.persistent;
    clear.hidden = false;
    refresh(root);

    startButton.addEventListener("click", () => {
      confirm.hidden = false;
      startButton.setAttribute("aria-expanded", "true");
      root.querySelector(".cb-progress-no").focus();
    });
    root.querySelector(".cb-progress-no").addEventListener("click", () => {
      confirm.hidden = true;
      startButton.setAttribute("aria-expanded", "false");
      startButton.focus();
    });
    root.querySelector(".cb-progress-yes").addEventListener("click", () => {
      store.clear("selfcheck/");
      store.clear("draft/");
      refresh(root);
      confirm.hidden = true;
      startButton.setAttribute("aria-expanded", "false");
      startButton.focus();
      status.textContent = "Your progress has been cleared from this browser.";
    });
    // Another tab answering a check or saving a draft updates this page too.
    window.addEventListener("storage", () => refresh(root));
  }

  function start() {
    if (!store) return;
    document.querySelectorAll(".cb-progress").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
