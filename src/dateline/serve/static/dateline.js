/* dateline pages: the click-to-inspect panel of the article view.
 * Reads the record parts from <script type="application/json" id="record-parts"> and, when a
 * highlight is selected, writes the parts of that mark (and of the marks around it) into the
 * panel with textContent only: nothing from the article is ever parsed as HTML.
 * The pages read without this script; it only adds the panel. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function init() {
    var blob = document.getElementById("record-parts");
    var panel = document.getElementById("inspect");
    if (!blob || !panel) { return; }
    var parts;
    try { parts = JSON.parse(blob.textContent); } catch (e) { return; }
    var selected = null;

    function refsOf(mark) {
      var refs = [];
      var m = mark;
      while (m) {  // the innermost mark's parts first, then those of the marks around it
        m.getAttribute("data-ref").split(" ").forEach(function (r) {
          if (r !== "" && refs.indexOf(r) < 0) { refs.push(r); }
        });
        m = m.parentElement ? m.parentElement.closest("mark[data-ref]") : null;
      }
      return refs;
    }

    function show(mark) {
      if (selected) { selected.classList.remove("selected"); }
      selected = mark;
      mark.classList.add("selected");
      panel.replaceChildren();
      var close = el("button", "close", "×");
      close.type = "button";
      close.setAttribute("aria-label", "close");
      close.addEventListener("click", function () { panel.hidden = true; mark.classList.remove("selected"); });
      panel.appendChild(close);
      panel.appendChild(el("p", "span", "“" + mark.textContent + "” [" + mark.getAttribute("data-start") +
        "–" + mark.getAttribute("data-end") + "]"));
      refsOf(mark).forEach(function (ref) {
        var part = parts[Number(ref)];
        if (!part) { return; }
        var section = el("section", "part part-" + part.kind);
        section.appendChild(el("h3", null, part.kind + ": " + part.title));
        var dl = el("dl");
        part.fields.forEach(function (pair) {
          dl.appendChild(el("dt", null, pair[0]));
          dl.appendChild(el("dd", null, pair[1]));
        });
        section.appendChild(dl);
        panel.appendChild(section);
      });
      panel.hidden = false;
    }

    document.addEventListener("click", function (event) {
      var mark = event.target.closest ? event.target.closest("mark[data-ref]") : null;
      if (mark) { show(mark); }
    });
    document.addEventListener("keydown", function (event) {
      var mark = event.target.closest ? event.target.closest("mark[data-ref]") : null;
      if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(mark); }
      if (event.key === "Escape") { panel.hidden = true; }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
