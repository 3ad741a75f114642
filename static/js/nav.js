/* The main navigation is a <details> disclosure that works without this script.
   Here: keep it open on wide screens in browsers without ::details-content, and let
   Escape close it on small ones, returning focus to the toggle. */
(function () {
  "use strict";
  var nav = document.querySelector("[data-main-nav]");
  if (!nav) return;
  var wide = window.matchMedia("(min-width: 48rem)");
  var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");

  function sync() {
    if (!styled && wide.matches) nav.open = true;
  }

  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.open && !wide.matches) {
      nav.open = false;
      nav.querySelector("summary").focus();
    }
  });
})();
