/* A chart wider than the text column scrolls inside its own box (book.css); this shows that it does. While
   a chart's box overflows, a line above it says "Scroll sideways to see the whole chart →", the box takes
   the keyboard's focus (arrow keys scroll it), and book.css shades the edge that hides more of the chart.
   Charts are drawn after load and change size with the window, so each box is watched as it resizes. */
(function () {
  "use strict";
  var HINT = "Scroll sideways to see the whole chart \u2192";

  function update(box) {
    var overflows = box.scrollWidth > box.clientWidth + 1;
    var hint = box.pbScrollHint;
    if (overflows && !hint) {
      hint = box.pbScrollHint = document.createElement("p");
      hint.className = "pb-scroll-hint";
      hint.textContent = HINT;
      box.parentNode.insertBefore(hint, box);
    }
    if (hint) hint.hidden = !overflows;
    box.classList.toggle("pb-overflows", overflows);
    if (overflows) {
      box.setAttribute("tabindex", "0");
      box.classList.toggle("pb-more-left", box.scrollLeft > 1);
      box.classList.toggle("pb-more-right", box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
    } else {
      box.removeAttribute("tabindex");
      box.classList.remove("pb-more-left", "pb-more-right");
    }
  }

  function watch(box) {
    if (box.pbWatched) return;
    box.pbWatched = true;
    box.addEventListener("scroll", function () { update(box); }, { passive: true });
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function () { update(box); });
      observer.observe(box);
      Array.prototype.forEach.call(box.children, function (c) { observer.observe(c); });
      new MutationObserver(function () {  // the chart's svg arrives after the box
        Array.prototype.forEach.call(box.children, function (c) { observer.observe(c); });
        update(box);
      }).observe(box, { childList: true });
    }
    update(box);
  }

  function run() { document.querySelectorAll(".cell_output .vega-embed").forEach(watch); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
  window.addEventListener("load", run);
})();
