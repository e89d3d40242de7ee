// Shared by the feature scripts, loaded before them: run a script on every page
// (Material's document$ when present, so instant navigation works too) and reach
// this browser's storage when it is allowed. Nothing here talks to a server.
(function () {
  "use strict";

  function onPage(init) {
    if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
      document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  // localStorage, or null when the browser refuses it (private mode, policy).
  function storage() {
    try {
      var probe = "passerelles:test";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  window.Passerelles = { onPage: onPage, storage: storage };
})();
