/* "Download my exercise notebook": nbgrader's release, with this page's drafts in it.
 *
 * The release is published beside the page as <notebook>-release.js (see
 * practice/drafts.py), loaded only when the button is pressed. Each non-empty draft
 * replaces the source of the cell whose metadata.nbgrader.grade_id is the draft's;
 * nothing else is touched, and the notebook is written back as nbformat writes it
 * (keys in order, one-space indent, a final newline), so every other cell keeps its
 * bytes, ids, metadata and checksums. The file never leaves the browser but as a
 * download.
 */
(function () {
  "use strict";
  const cb = (window.CrossingBorders = window.CrossingBorders || {});

  /* nbformat stores a source as its lines, each but the last ending in "\n". */
  function sourceLines(text) {
    return text.split(/(?<=\n)/).filter((line) => line !== "");
  }

  /* A notebook's text (the release, or the student's own copy of it) with each draft
   * (grade_id -> text) put in its answer cell; `missing` names drafts it has no cell for. */
  function withDrafts(notebookText, drafts) {
    const notebook = JSON.parse(notebookText);
    if (!notebook || !Array.isArray(notebook.cells)) throw new Error("it is not a notebook");
    const placed = [];
    for (const cell of notebook.cells) {
      const gradeId = ((cell.metadata || {}).nbgrader || {}).grade_id;
      const text = drafts[gradeId];
      if (typeof text === "string" && text.trim() !== "") {
        cell.source = sourceLines(text);
        placed.push(gradeId);
      }
    }
    const missing = Object.keys(drafts).filter(
      (id) => drafts[id].trim() !== "" && !placed.includes(id),
    );
    return { text: `${JSON.stringify(notebook, null, 1)}\n`, placed, missing };
  }

  function loadRelease(url, name) {
    const known = (cb.releases || {})[name];
    if (typeof known === "string") return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.addEventListener("load", () => {
        const text = (cb.releases || {})[name];
        if (typeof text === "string") resolve(text);
        else reject(new Error(`${url} does not hold ${name}`));
      });
      script.addEventListener("error", () => reject(new Error(`${url} could not be loaded`)));
      document.head.appendChild(script);
    });
  }

  /* The drafts as the page's text boxes hold them now (saved or not). */
  function pageDrafts() {
    const drafts = {};
    document.querySelectorAll(".cb-draft").forEach((panel) => {
      drafts[panel.dataset.gradeId] = panel.querySelector("textarea").value;
    });
    return drafts;
  }

  function save(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: "application/x-ipynb+json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function setUp(block) {
    const button = block.querySelector("button");
    const status = block.querySelector('[data-role="download-status"]');
    const name = block.dataset.notebook;
    let busy = false; // not `disabled`: that would take the keyboard focus off the button
    button.addEventListener("click", async () => {
      if (busy) return;
      busy = true;
      try {
        const drafts = pageDrafts();
        const built = withDrafts(await loadRelease(block.dataset.release, name), drafts);
        save(name, built.text);
        const total = Object.keys(drafts).length;
        status.textContent =
          `Downloaded ${name} with ${built.placed.length} of ${total} ` +
          `reflection${total === 1 ? "" : "s"} drafted.`;
      } catch (error) {
        status.textContent = `The notebook could not be built: ${error.message}. Your drafts are unchanged.`;
      } finally {
        busy = false;
      }
    });
    block.querySelector('[data-role="merge"]').addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (!file) return;
      const drafts = pageDrafts();
      try {
        const built = withDrafts(await file.text(), drafts);
        if (built.missing.length > 0) {
          throw new Error(
            `it has no answer cell for ${built.missing.join(", ")}: choose your copy of ${name}`,
          );
        }
        save(file.name, built.text);
        status.textContent =
          `Downloaded ${file.name}: your copy with ${built.placed.length} ` +
          `draft${built.placed.length === 1 ? "" : "s"} put in; its other cells are as you left them.`;
      } catch (error) {
        status.textContent =
          `${file.name} could not take your drafts: ${error.message}. ` +
          "Your file and your drafts are unchanged.";
      } finally {
        event.target.value = ""; // choosing the same file again runs again
      }
    });
    block.hidden = false;
  }

  cb.draftDownload = { withDrafts };
  function start() {
    document.querySelectorAll(".cb-draft-download").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
