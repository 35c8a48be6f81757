/* Tables written in a page's text (Markdown tables: the syllabus's weeks, the run sheets) read on a phone as the
   book's own tables do: each row a card, each cell on its own line, labelled by its column (book.css, under 600px).
   This labels each cell with its column's heading. */
(function () {
  "use strict";
  function label(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || head.cells.length < 3) return;  // two columns fit a phone as they are
    var names = Array.prototype.map.call(head.cells, function (c) { return c.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (names[i]) cell.setAttribute("data-label", names[i]);
        });
      });
    });
    table.classList.add("pb-cards");
  }
  function run() { document.querySelectorAll("article table.table").forEach(label); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
