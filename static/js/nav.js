/* The main navigation is a <details> disclosure that works without this script.
   Here: keep it open on wide screens in browsers without ::details-content, and on
   small ones let Escape close it, returning focus to the toggle, and close it when
   focus leaves it (the open menu lies over the page: what Tab reaches next would be
   under it). */
(function () {
  "use strict";
  var nav = document.querySelector("[data-main-nav]");
  if (!nav) return;
  nav.setAttribute("data-overlay", ""); // site.css: the open menu may lie over the page
  var wide = window.matchMedia("(min-width: 48rem)");
  var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");

  function sync() {
    if (!styled && wide.matches) nav.open = true;
  }

  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
  nav.addEventListener("focusout", function (event) {
    if (nav.open && !wide.matches && !nav.contains(event.relatedTarget)) nav.open = false;
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.open && !wide.matches) {
      nav.open = false;
      nav.querySelector("summary").focus();
    }
  });
})();
