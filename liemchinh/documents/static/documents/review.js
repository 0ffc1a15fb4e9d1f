/* Review of an imported document: focusing or hovering a proposal (an element with
   data-span="<mark id>") scrolls its source passage into view and highlights it. */
(function () {
  "use strict";
  var active = null;
  function show(element) {
    var id = element && element.getAttribute("data-span");
    var mark = id ? document.getElementById(id) : null;
    if (active) { active.classList.remove("is-active"); }
    active = mark;
    if (!mark) { return; }
    mark.classList.add("is-active");
    var pane = document.querySelector(".review-source");
    if (pane) {
      var top = pane.scrollTop + mark.getBoundingClientRect().top - pane.getBoundingClientRect().top -
        pane.clientHeight / 3;
      pane.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
    }
  }
  function owner(target) {
    return target && target.closest ? target.closest("[data-span]") : null;
  }
  document.addEventListener("focusin", function (event) { var el = owner(event.target); if (el) { show(el); } });
  document.addEventListener("mouseover", function (event) { var el = owner(event.target); if (el) { show(el); } });
})();

/* "Thêm dòng nhiệm vụ": a new blank task row from the formset's empty form. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#add-task-row") : null;
    if (!button) { return; }
    var prefix = button.getAttribute("data-prefix");
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = document.getElementById("task-row-template");
    var rows = document.getElementById("task-rows");
    if (!total || !template || !rows) { return; }
    var index = parseInt(total.value, 10);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("textarea, input, select");
    if (first) { first.focus(); }
  });
})();
