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
      var top = mark.offsetTop - pane.offsetTop - pane.clientHeight / 3;
      pane.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
    }
  }
  function owner(target) {
    return target && target.closest ? target.closest("[data-span]") : null;
  }
  document.addEventListener("focusin", function (event) { var el = owner(event.target); if (el) { show(el); } });
  document.addEventListener("mouseover", function (event) { var el = owner(event.target); if (el) { show(el); } });
})();
