/* Crossing Borders (our own file, not vendored): each widget module works out the
 * address of its icon fonts from its own module path, and whichever module loads
 * first decides. Point every one of them at _vendor/, where the fonts are, so that
 * nothing is ever looked up anywhere else. */
(function () {
  "use strict";
  var vendor = (document.documentElement.dataset.content_root || "./") + "_vendor/";
  if (window.require && window.require.config) {
    window.require.config({
      paths: {
        "@jupyter-widgets/base": vendor + "base",
        "@jupyter-widgets/base7": vendor + "base7",
        "@jupyter-widgets/controls": vendor + "controls",
        "@jupyter-widgets/controls7": vendor + "controls7",
        "@jupyter-widgets/html-manager": vendor + "html-manager",
        "@jupyter-widgets/html-manager/dist": vendor.slice(0, -1),
      },
    });
  }
})();
