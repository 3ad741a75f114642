/* A region that scrolls sideways (a wide table) is a Tab stop,
   so that a keyboard can scroll it: the templates give it tabindex="0", which stays
   where this script does not run. Where the region does not scroll at the current width
   (the table stacked on a phone, whole on a wide screen), that stop leads nowhere: here
   it is taken away, and given back when the region scrolls again. */
(function () {
  "use strict";
  var regions = document.querySelectorAll(".table-scroll[tabindex]");
  if (!regions.length || !window.ResizeObserver) return;

  function sync(region) {
    var scrolls = region.scrollWidth > region.clientWidth + 1;
    if (scrolls) region.setAttribute("tabindex", "0");
    else if (document.activeElement !== region) region.removeAttribute("tabindex");
  }

  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      sync(entry.target.closest(".table-scroll") || entry.target);
    });
  });
  regions.forEach(function (region) {
    observer.observe(region);
    if (region.firstElementChild) observer.observe(region.firstElementChild);
    sync(region);
  });
})();
