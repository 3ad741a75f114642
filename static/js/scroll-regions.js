/* A region that scrolls sideways (a wide table, the threat level timeline) is a Tab stop,
   so that a keyboard can scroll it: the templates give it tabindex="0", which stays
   where this script does not run. Where the region does not scroll at the current width
   (the table stacked on a phone, whole on a wide screen), that stop leads nowhere: here
   it is taken away, and given back when the region scrolls again. A timeline that scrolls
   opens at its newest end, where the level now stands (once: after that, the visitor
   scrolls it). */
(function () {
  "use strict";
  var regions = document.querySelectorAll(".table-scroll[tabindex], .timeline-scroll[tabindex]");
  if (!regions.length || !window.ResizeObserver) return;

  function sync(region) {
    var scrolls = region.scrollWidth > region.clientWidth + 1;
    if (scrolls) region.setAttribute("tabindex", "0");
    else if (document.activeElement !== region) region.removeAttribute("tabindex");
  }

  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      sync(entry.target.closest(".table-scroll, .timeline-scroll") || entry.target);
    });
  });
  regions.forEach(function (region) {
    observer.observe(region);
    if (region.firstElementChild) observer.observe(region.firstElementChild);
    sync(region);
    // Past the end is the end: the newest side whichever way the page reads.
    if (region.classList.contains("timeline-scroll")) region.scrollLeft = region.scrollWidth;
  });
})();
