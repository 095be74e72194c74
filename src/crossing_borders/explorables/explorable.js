/* Crossing Borders: the static explorable controller.
 * Every frame was precomputed at build time by the same Python model and plot the
 * notebooks use; this script only swaps the frame and its summary when a control
 * moves. No kernel, no network: the frames arrive in a script file beside this one. */
(function () {
  "use strict";

  function setup(root) {
    var data = (window.crossingBordersFrames || {})[root.dataset.explorable];
    var form = root.querySelector(".cb-controls");
    if (!data || !form || root.classList.contains("cb-ready")) {
      return; // no frames: the default frame and its caption stay as they are
    }
    var img = root.querySelector("img.cb-frame");
    var caption = root.querySelector(".cb-summary");
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input, select"));
    var urls = {};

    function urlFor(key, svg) {
      if (!urls[key]) {
        urls[key] = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      }
      return urls[key];
    }

    function showValue(input) {
      if (input.type !== "range") {
        return;
      }
      var text = JSON.parse(input.dataset.labels)[Number(input.value)];
      input.setAttribute("aria-valuetext", text);
      var output = form.querySelector('output[for="' + input.id + '"]');
      if (output) {
        output.textContent = text;
      }
    }

    function update() {
      var start = performance.now();
      var key = inputs.map(function (input) { return input.value; }).join("-");
      var frame = data.frames[key];
      if (!frame) {
        return;
      }
      inputs.forEach(showValue);
      img.src = urlFor(key, frame[0]);
      img.alt = frame[1];
      caption.textContent = frame[1];
      root.dataset.frameKey = key;
      var decoded = img.decode ? img.decode() : Promise.resolve();
      decoded.catch(function () {}).then(function () {
        if (root.dataset.frameKey === key) {
          root.dataset.swapMs = (performance.now() - start).toFixed(2);
        }
      });
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    root.dataset.frameKey = inputs.map(function (input) { return input.value; }).join("-");
    root.classList.add("cb-ready");
  }

  function setupAll() {
    document.querySelectorAll(".cb-explorable").forEach(setup);
  }

  // Frame files may run before or after this script: each one calls this hook,
  // and this script sets up whatever frames have already arrived.
  window.crossingBordersSetup = setupAll;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
