"""The style sheet and script inlined into the HTML review page (see html_review.py).

The script reads the claims from a JSON data block, converts their spans from Unicode code
points (Python's string offsets) to UTF-16 code units (JavaScript's), wraps each claim in a
highlight that links to its note, and makes the rating and kind filters work. It only ever
creates text nodes and sets attributes from the data, never parses HTML.
"""

RATING_COLOURS = {
    "true": "#b7e4c7",
    "mostly-true": "#d8f3dc",
    "mixed": "#ffe8a3",
    "mostly-false": "#ffc9a3",
    "false": "#ffadad",
    "misleading": "#e0c3fc",
    "outdated": "#c5d5e4",
    "unverified": "#e2e2e2",
    "none": "#f1f1f1",
}

_RATING_RULES = "\n".join(
    f".rating-{rating} {{ background: {colour}; }}\n"
    f'li.claim[data-rating="{rating}"] {{ border-left-color: {colour}; }}'
    for rating, colour in RATING_COLOURS.items()
)

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d0d4d9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 Georgia, "Times New Roman", serif; color: var(--ink);
  background: #fff; }
header, main { max-width: 78rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1rem; border-bottom: 1px solid var(--line); }
h1, h2, h3, table, form, aside, .meta { font-family: system-ui, -apple-system, "Segoe UI",
  Roboto, sans-serif; }
h1 { font-size: 1.5rem; margin: .3rem 0; }
.meta { color: var(--muted); font-size: .9rem; }
table.summary { border-collapse: collapse; margin: .8rem 0; font-size: .9rem; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: .2rem .6rem;
  text-align: left; }
table.summary td.count { text-align: right; }
.swatch { display: inline-block; width: .9em; height: .9em; border: 1px solid #999;
  vertical-align: -.1em; margin-right: .35em; }
form#filters { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .5rem 0 1rem;
  font-size: .9rem; }
form#filters fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 0;
  padding: .25rem .7rem .5rem; }
form#filters label { margin-right: .8rem; white-space: nowrap; cursor: pointer; }
#shown { align-self: center; color: var(--muted); }
section.document { border-bottom: 1px solid var(--line); padding: 1rem 0 2rem; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 2rem; }
article.text { white-space: pre-wrap; overflow-wrap: anywhere; }
a.hl { color: inherit; text-decoration: none; border-bottom: 2px solid #0003;
  border-radius: 2px; padding: 0 1px; }
a.hl.rating-none { border-bottom: 2px dashed #888; }
a.hl.off { background: none; border-bottom-color: transparent; }
a.hl:focus, li.claim:target { outline: 3px solid #3b82f6; }
aside { font-size: .9rem; max-height: 90vh; overflow-y: auto; position: sticky; top: 0; }
ol.claims { padding-left: 1.6rem; margin: 0; }
li.claim { margin: 0 0 1rem; padding: .5rem .7rem; border-left: 4px solid #0002;
  background: #fafafa; content-visibility: auto; contain-intrinsic-size: auto 9rem; }
li.claim .head { margin: 0 0 .3rem; }
.badge { display: inline-block; padding: 0 .45em; border-radius: 3px; font-weight: 600;
  border: 1px solid #0002; }
li.claim blockquote { margin: .3rem 0; font-family: Georgia, serif; font-style: italic; }
li.claim p, li.claim ul { margin: .25rem 0; }
li.claim ul { padding-left: 1.1rem; }
.url { overflow-wrap: anywhere; color: var(--muted); }
.badge.stale { background: #fff; color: #8a3b00; border: 1px dashed #8a3b00; }
p.stale { border-left: 3px solid #8a3b00; padding-left: .5rem; }
a.back { font-size: .8rem; }
@media (max-width: 60rem) { .layout { grid-template-columns: 1fr; }
  aside { position: static; max-height: none; } }
@media print {
  form#filters, #shown, a.back { display: none !important; }
  .layout { display: block; }
  aside { position: static; max-height: none; overflow: visible; }
  li.claim { break-inside: avoid; content-visibility: visible; }
  a.hl, .badge, .swatch, li.claim { -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
  aside a.source::after { content: " <" attr(href) ">"; font-size: .8em;
    overflow-wrap: anywhere; }
}
""" + _RATING_RULES + "\n"

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("workbench-data").textContent);

  // utf16[i] is the UTF-16 offset of code point i (Python counts code points).
  function utf16Offsets(text) {
    var map = [0], i = 0, n = text.length;
    while (i < n) {
      var c = text.charCodeAt(i);
      var pair = c >= 0xD800 && c <= 0xDBFF && i + 1 < n &&
        (text.charCodeAt(i + 1) & 0xFC00) === 0xDC00;
      i += pair ? 2 : 1;
      map.push(i);
    }
    return map;
  }

  function highlight(doc, article) {
    var text = doc.text, map = utf16Offsets(text), points = [0, text.length];
    var starts = {}, ends = {};
    doc.claims.forEach(function (c) {
      var s = map[c.start], e = map[c.end];
      (starts[s] = starts[s] || []).push(c);
      (ends[e] = ends[e] || []).push(c);
      points.push(s, e);
    });
    points = Array.from(new Set(points)).sort(function (a, b) { return a - b; });
    var active = [], frag = document.createDocumentFragment();
    for (var p = 0; p < points.length - 1; p++) {
      var a = points[p], b = points[p + 1];
      (ends[a] || []).forEach(function (c) { active.splice(active.indexOf(c), 1); });
      (starts[a] || []).forEach(function (c) { active.push(c); });
      var piece = text.slice(a, b);
      if (!active.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var inner = active[active.length - 1], mark = document.createElement("a");
      mark.className = "hl rating-" + inner.rating;
      mark.href = "#" + inner.el;
      mark.setAttribute("data-claims", active.map(function (c) { return c.el; }).join(" "));
      mark.textContent = piece;
      frag.appendChild(mark);
    }
    article.replaceChildren(frag);
  }

  data.documents.forEach(function (doc, d) {
    var article = document.querySelector('article.text[data-doc="' + d + '"]');
    if (article) { highlight(doc, article); }
  });

  var form = document.getElementById("filters"), shown = document.getElementById("shown");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.claim"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("a.hl"));
  function checked(name) {
    var set = {};
    form.querySelectorAll('input[name="' + name + '"]:checked').forEach(function (box) {
      set[box.value] = true;
    });
    return set;
  }
  function apply() {
    var ratings = checked("rating"), kinds = checked("kind"), visible = {}, count = 0;
    items.forEach(function (li) {
      var ks = li.getAttribute("data-kinds");
      ks = ks ? ks.split(" ") : [];
      var show = ratings[li.getAttribute("data-rating")] === true &&
        (ks.length === 0 || ks.some(function (k) { return kinds[k] === true; }));
      li.hidden = !show;
      if (show) { visible[li.id] = true; count++; }
    });
    marks.forEach(function (mark) {
      var on = mark.getAttribute("data-claims").split(" ").some(function (id) {
        return visible[id] === true;
      });
      mark.classList.toggle("off", !on);
    });
    shown.textContent = "Showing " + count + " of " + items.length + " claims";
  }
  // "show in text": focus the claim's first highlight.
  document.querySelectorAll("a.back").forEach(function (link) {
    link.hidden = false;
    link.addEventListener("click", function (event) {
      var id = link.getAttribute("data-claim");
      var mark = document.querySelector('a.hl[data-claims~="' + id + '"]');
      if (mark) { event.preventDefault(); mark.scrollIntoView({block: "center"}); mark.focus(); }
    });
  });
  form.hidden = false;
  form.addEventListener("change", apply);
  apply();
})();
"""
