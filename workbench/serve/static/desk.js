// The review desk's only script (served from the desk itself; the pages allow no other).
// Everything works without it: it submits a filter form when a menu or box changes, and
// brings the open claim's highlight into view.
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll("select, input[type=checkbox]").forEach(function (field) {
      field.addEventListener("change", function () { form.requestSubmit(); });
    });
  });
  var current = document.querySelector("article.text a.hl.current");
  if (current) {
    current.scrollIntoView({block: "center"});
    var panel = document.getElementById("panel");
    if (panel) { panel.scrollTop = 0; }
  }
})();
