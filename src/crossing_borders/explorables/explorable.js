/* Crossing Borders: the static explorable controller.
 * Every frame was precomputed at build time by the same Python model and plot the
 * notebooks use; this script only swaps the frame and its summary when a control
 * moves, or when a try's button sets the controls. No kernel, no network: the
 * frames arrive in a script file beside this one. */
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
    var warmed = {};

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

    function currentIndices() {
      return inputs.map(function (input) { return Number(input.value); });
    }

    // Decode the frames one step away along every control while the reader
    // looks at this one, so the next move only swaps an image already in memory.
    function warmNeighbours() {
      var here = currentIndices();
      inputs.forEach(function (input, i) {
        var last = input.type === "range" ? Number(input.max) : input.options.length - 1;
        [here[i] - 1, here[i] + 1].forEach(function (j) {
          if (j < 0 || j > last) {
            return;
          }
          var next = here.slice();
          next[i] = j;
          var key = next.join("-");
          if (warmed[key] || !data.frames[key]) {
            return;
          }
          var image = new Image();
          image.src = urlFor(key, data.frames[key][0]);
          warmed[key] = image;
          if (image.decode) {
            image.decode().catch(function () {});
          }
        });
      });
    }

    function update() {
      var start = performance.now();
      var key = currentIndices().join("-");
      var frame = data.frames[key];
      if (!frame) {
        return;
      }
      inputs.forEach(showValue);
      img.src = urlFor(key, frame[0]);
      img.alt = frame[1];
      caption.textContent = frame[1];
      root.dataset.frameKey = key;
      root.dataset.scriptMs = (performance.now() - start).toFixed(2);
      var decoded = img.decode ? img.decode() : Promise.resolve();
      decoded.catch(function () {}).then(function () {
        if (root.dataset.frameKey === key) {
          root.dataset.swapMs = (performance.now() - start).toFixed(2);
        }
        setTimeout(warmNeighbours, 0);
      });
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    // A try's button sets every control to the state the try needs.
    root.querySelectorAll("button.cb-try-set").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var indices = button.dataset.key.split("-");
        inputs.forEach(function (input, i) { input.value = indices[i]; });
        update();
      });
    });
    root.dataset.frameKey = currentIndices().join("-");
    root.classList.add("cb-ready");
    warmNeighbours();
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
