/* A page shown again by the Back or Forward button comes from the browser's memory or
   cache, unchecked: it would show the threat level as it was when first loaded, however
   long ago. Here such a page asks for the levels in force and, if they differ from the
   ones it shows, loads itself again. Pages loaded any other way are checked by the
   server already (they are never kept unchecked). */
(function () {
  "use strict";
  var bar = document.querySelector("[data-levels]");
  if (!bar || !window.fetch) return;

  function shownAgain(event) {
    if (event.persisted) return true;
    var entries = performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }

  window.addEventListener("pageshow", function (event) {
    if (!shownAgain(event)) return;
    fetch(bar.getAttribute("data-levels-from"), { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (levels) {
        if (!levels) return;
        var now = [levels.national ? levels.national.level : ""];
        if (levels.northern_ireland) now.push(levels.northern_ireland.level);
        if (now.join(" ") !== bar.getAttribute("data-levels")) window.location.reload();
      })
      .catch(function () { /* offline: the page stays as it is */ });
  });
})();
