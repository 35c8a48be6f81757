/* Long tables built by peacebook.views.tables become searchable, sortable and paged (DataTables, served
   once from _static/datatables/ by _ext/offline_assets.py). Each cell keeps the escaped HTML the
   Python side wrote: DataTables reads the table from the page and never parses cell text as markup.
   A full copy of each enhanced table is kept for printing (hidden on screen), so paper shows every
   row. Chart data tables ("Show the data") print only when the reader has opened them (book.css). */
(function () {
  "use strict";
  // Rows a page, by the average characters a row holds: rows of text 10 a page, short rows 25. A table of
  // UNPAGED_ROWS rows or fewer is never paged: a reader scrolls 20 rows faster than clicking through them.
  function pageLength(chars) { return chars > 200 ? 10 : 25; }
  var UNPAGED_ROWS = 20;
  var LANGUAGE = {
    search: "Search this table:",
    info: "Rows _START_ to _END_ of _TOTAL_",
    infoEmpty: "No rows",
    infoFiltered: "(narrowed from _MAX_)",
    lengthMenu: "Show _MENU_ rows",
    zeroRecords: "No row matches",
    entries: { _: "rows", 1: "row" }
  };

  function labelCells(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    var names = Array.prototype.map.call(head.cells, function (c) { return c.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (names[i]) cell.setAttribute("data-label", names[i]);
        });
      });
    });
  }

  function enhance(table) {
    if (table.dataset.pbEnhanced) return;
    table.dataset.pbEnhanced = "1";
    labelCells(table);
    var rows = table.tBodies.length ? table.tBodies[0].rows.length : 0;
    var chars = rows ? table.tBodies[0].textContent.length / rows : 0;
    if (chars > 250) table.classList.add("pb-long-rows");  // printed as cards: each cell the page's full width
    var lib = window.pbDataTables;
    // A table is paged only when it holds more than UNPAGED_ROWS rows and more than one page shows.
    if (!lib || !lib.default || rows <= Math.max(UNPAGED_ROWS, pageLength(chars)) || table.closest("details, .pb-print-copy")) return;
    var copy = table.cloneNode(true);
    copy.classList.add("pb-print-copy");
    copy.setAttribute("aria-hidden", "true");
    new lib.default(table, {
      pageLength: pageLength(chars),
      lengthMenu: [[10, 25, 50, 100, -1], [10, 25, 50, 100, "All"]],
      autoWidth: false,
      order: [],
      language: LANGUAGE
    });
    var box = table.closest(".dt-container") || table;
    box.classList.add("pb-datatable");
    box.parentNode.insertBefore(copy, box.nextSibling);
  }

  function run() {
    document.querySelectorAll("table.pb-table").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
