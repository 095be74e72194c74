/* Crossing Borders (our own file, not vendored): the widget manager derives the
 * address of its icon fonts from its module path; point that path at the
 * vendored copies in _vendor/ so nothing is looked up anywhere else. */
(function () {
  "use strict";
  var root = document.documentElement.dataset.content_root || "./";
  if (window.require && window.require.config) {
    window.require.config({ paths: { "@jupyter-widgets/html-manager/dist": root + "_vendor" } });
  }
})();
