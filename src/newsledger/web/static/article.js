// Article view: clicking (or pressing Enter on) a highlighted quote shows its
// panel: speaker, how the speaker is identified, the caveats that apply.
// Panels are rendered (and escaped) by the server; this only toggles them.
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  var hint = document.getElementById("panel");
  if (!text) return;

  function show(id) {
    var panel = document.getElementById("panel-" + id);
    if (!panel) return;
    document.querySelectorAll(".panel-data").forEach(function (p) { p.hidden = p !== panel; });
    document.querySelectorAll("#article-text .selected").forEach(function (s) { s.classList.remove("selected"); });
    document.querySelectorAll('#article-text [data-attr="' + CSS.escape(id) + '"]').forEach(function (s) {
      s.classList.add("selected");
    });
    if (hint) hint.classList.add("done");
    panel.hidden = false;
  }

  function target(event) {
    var el = event.target;
    return el && el.closest ? el.closest("[data-attr]") : null;
  }

  text.addEventListener("click", function (event) {
    var el = target(event);
    if (el) show(el.getAttribute("data-attr"));
  });
  text.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var el = target(event);
    if (el) { event.preventDefault(); show(el.getAttribute("data-attr")); }
  });
})();
