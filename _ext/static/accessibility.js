// Names for controls that vega-embed and the ipywidgets range slider draw without one (see
// _ext/accessibility.py). They appear after load, so a mutation observer labels them as they come.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll(".vega-embed > details > summary:not([aria-label])").forEach(function (s) {
      s.setAttribute("aria-label", "Chart menu: save as image, view the source");
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
