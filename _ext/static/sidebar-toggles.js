/* The menu buttons work: ☰ (the site's navigation) and the contents button (this page's sections).
   WORKAROUND for pydata-sphinx-theme issue #2451 (https://github.com/pydata/pydata-sphinx-theme/issues/2451),
   open in 0.17: the theme's own header and sphinx-book-theme's article header each hold a `.primary-toggle`
   and a `.secondary-toggle`, and both themes' scripts bind to the first of each (document.querySelector),
   which sphinx-book-theme hides. The buttons a reader sees did nothing, on a phone and on a laptop.
   Each other toggle hands its click to the first one, so the themes' own handlers do the work: on a phone
   the navigation opens as a drawer (a modal dialog), on a laptop ☰ shows or hides the sidebar.
   Remove this file (and _ext/navigation.py) when the theme binds every toggle. */
(function () {
  "use strict";
  function forward(selector) {
    var toggles = document.querySelectorAll(selector);
    var bound = toggles[0];
    Array.prototype.slice.call(toggles, 1).forEach(function (toggle) {
      if (toggle.pbForwards) return;
      toggle.pbForwards = true;
      toggle.addEventListener("click", function (event) {
        event.preventDefault();
        bound.click();
      });
    });
  }
  function run() {
    forward(".primary-toggle");
    forward(".secondary-toggle");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
