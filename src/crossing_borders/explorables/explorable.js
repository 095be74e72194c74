/* Crossing Borders: the static explorable controller.
 * Every frame was precomputed at build time by the same Python model and plot the
 * notebooks use; this script only swaps the frame and its summary when a control
 * moves, or when a try's button sets the controls. No kernel, no network beyond
 * this site: it loads the frame file beside it that the page's width asks for
 * (frames drawn for phones below 40rem, the wide ones above), and switches files
 * when the width crosses that line. */
(function () {
  "use strict";

  // Keep in step with the narrow-screen rules of explorable.css.
  var NARROW = window.matchMedia("(max-width: 40rem)");
  var here = document.currentScript ? document.currentScript.src : document.baseURI;
  var requested = {};

  function frameFile(root) {
    return NARROW.matches && root.dataset.narrowFrames ? root.dataset.narrowFrames : root.dataset.frames;
  }

  function load(file) {
    if (requested[file]) {
      return;
    }
    requested[file] = true;
    var script = document.createElement("script");
    script.src = new URL(file, here).href;
    document.head.appendChild(script);
  }

  function setup(root) {
    var file = frameFile(root);
    var data = (window.crossingBordersFrames || {})[file];
    if (!data) {
      load(file); // its frames call setupAll when they arrive
      return;
    }
    if (root.cbShow) {
      if (root.dataset.shownFrames !== file) {
        root.cbShow(data); // already running: the width crossed the line
      }
      return;
    }
    var form = root.querySelector(".cb-controls");
    if (!form) {
      return; // the default frame and its caption stay as they are
    }
    var img = root.querySelector("img.cb-frame");
    var caption = root.querySelector(".cb-summary");
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input, select"));
    var urls = {};
    var warmed = {};

    function urlFor(key, svg) {
      var id = file + ":" + key;
      if (!urls[id]) {
        urls[id] = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      }
      return urls[id];
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
          if (warmed[file + ":" + key] || !data.frames[key]) {
            return;
          }
          var image = new Image();
          image.src = urlFor(key, data.frames[key][0]);
          warmed[file + ":" + key] = image;
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
    // Another file of frames for the same controls (the width crossed the line).
    root.cbShow = function (frames) {
      data = frames;
      file = frameFile(root);
      root.dataset.shownFrames = file;
      update();
    };
    root.dataset.shownFrames = file;
    root.dataset.frameKey = currentIndices().join("-");
    root.classList.add("cb-ready");
    if (file !== root.dataset.frames) {
      update(); // the page carries the wide default frame: show this file's
    } else {
      warmNeighbours();
    }
  }

  function setupAll() {
    document.querySelectorAll(".cb-explorable").forEach(setup);
  }

  // Frame files may run before or after this script: each one calls this hook,
  // and this script sets up whatever frames have already arrived.
  window.crossingBordersSetup = setupAll;
  if (NARROW.addEventListener) {
    NARROW.addEventListener("change", setupAll);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
