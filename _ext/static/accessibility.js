// Names for controls that vega-embed, the ipywidgets range slider and the theme's navigation draw without one (see
// _ext/accessibility.py). They appear after load, so a mutation observer labels them as they come.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll(".vega-embed > details > summary:not([aria-label])").forEach(function (s) {
      s.setAttribute("aria-label", "Chart menu: save as image, view the source");
    });
    // The theme's navigation: a section's expand toggle is an icon only.
    root.querySelectorAll("li.has-children > details > summary:not([aria-label])").forEach(function (s) {
      var link = s.parentElement.parentElement.querySelector(":scope > a");
      s.setAttribute("aria-label", "Show or hide the pages under " + ((link && link.textContent.trim()) || "this section"));
    });
    // An interval selection's brush is a drawing aid, not content: hide it from assistive technology.
    root.querySelectorAll('.vega-embed g.role-mark[class*="_brush"]:not([aria-hidden])').forEach(function (g) {
      g.setAttribute("aria-hidden", "true");
    });
    root.querySelectorAll(".widget-slider .noUi-handle:not([aria-label])").forEach(function (handle) {
      var widget = handle.closest(".widget-slider");
      var name = widget && widget.querySelector(".widget-label");
      var text = (name && name.textContent.trim()) || "Range";
      var end = handle.classList.contains("noUi-handle-lower") ? ", from"
              : handle.classList.contains("noUi-handle-upper") ? ", to" : "";
      handle.setAttribute("aria-label", text + end);
    });
  }
  var pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; label(document); });
  }
  new MutationObserver(soon).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", soon);
})();
