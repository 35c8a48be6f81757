/* A chart (or a book table) wider than the text column scrolls inside its own box (book.css); this shows
   that it does. While a box overflows, a line above it says "Scroll sideways to see the whole chart →" (or
   table), the box takes the keyboard's focus (arrow keys scroll it), and book.css shades the edge that hides
   more of it.
   Charts are drawn after load and change size with the window, so each box is watched as it resizes.
   The page must never shake (issue #31): the cue changes no width (book.css keeps the box's padding and borders
   the same with or without it), so showing it cannot make the chart fit and hide it again. Should anything else
   make a box flip on and off, a box that has flipped FLIPS times within FLIP_WINDOW ms keeps its cue until the
   window's width changes. */
(function () {
  "use strict";
  var HINT = "Scroll sideways to see the whole chart \u2192";
  var TABLE_HINT = "Scroll sideways to see the whole table \u2192";

  var FLIPS = 4, FLIP_WINDOW = 2000;

  // Whether the box's cue is on: whether it overflows, unless it has been flipping (see above).
  function settled(box, overflows) {
    if (box.pbHeld) return true;
    if (box.pbOverflows !== undefined && box.pbOverflows !== overflows) {
      var now = Date.now();
      box.pbFlips = (box.pbFlips || []).filter(function (t) { return now - t < FLIP_WINDOW; }).concat(now);
      if (box.pbFlips.length >= FLIPS) { box.pbHeld = true; return true; }
    }
    box.pbOverflows = overflows;
    return overflows;
  }

  function update(box) {
    var overflows = settled(box, box.scrollWidth > box.clientWidth + 1);
    var hint = box.pbScrollHint;
    if (overflows && !hint) {
      hint = box.pbScrollHint = document.createElement("p");
      hint.className = "pb-scroll-hint";
      hint.textContent = box.classList.contains("pb-table-box") ? TABLE_HINT : HINT;
      // a chart that keeps its width on a phone says why (peacebook.html.rendering: data-pb-scroll-reason)
      if (box.dataset.pbScrollReason) hint.textContent += " " + box.dataset.pbScrollReason;
      // above the row of DataTables' layout that holds the table, not inside it
      var place = box.classList.contains("dt-layout-cell") ? box.parentNode : box;
      place.parentNode.insertBefore(hint, place);
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

  // A table wider than the column (many columns, at a laptop's width) scrolls in the box that holds it: the
  // cell DataTables wraps it in (static/tables.js, which runs first) or the notebook output's scrolling area.
  function scrollingBox(table) {
    for (var e = table.parentElement; e && e.tagName !== "ARTICLE"; e = e.parentElement) {
      var overflow = getComputedStyle(e).overflowX;
      if (overflow === "auto" || overflow === "scroll") return e;
    }
    return null;
  }

  function run() {
    document.querySelectorAll(".cell_output .vega-embed").forEach(watch);
    document.querySelectorAll("table.pb-table, table.dataframe").forEach(function (table) {
      var box = table.classList.contains("pb-print-copy") ? null : scrollingBox(table);
      if (box) { box.classList.add("pb-table-box"); watch(box); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
  window.addEventListener("load", run);
  var width = window.innerWidth;
  window.addEventListener("resize", function () {  // a new width: boxes held by the flip guard measure again
    if (window.innerWidth === width) return;
    width = window.innerWidth;
    document.querySelectorAll(".pb-overflows, .pb-table-box").forEach(function (box) {
      box.pbHeld = false; box.pbFlips = []; update(box);
    });
  });
  // Widgets (the role-play's tabs, say) draw their tables after load: look again when the page changes.
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; run(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
