// Shared by the feature scripts, loaded before them. Nothing here talks to a server.
//
//   Passerelles.onPage(init)      run init on every page: on Material's document$ when it
//                                 exists (instant navigation), else once the page is loaded
//                                 (the course packages, which have no Material)
//   Passerelles.once(el, name)    true the first time a feature sets up an element, false
//                                 after: a page shown again never gets its widgets twice
//   Passerelles.store(key[, "session"])  one JSON value kept in this browser
//                                 (localStorage; sessionStorage, this tab only, with
//                                 "session"), or nothing kept when the browser refuses
//                                 storage; set() says whether the value was kept
//   Passerelles.siteRoot()        the site's root address, from Material's configuration
//                                 (the page's folder where there is none)
(function () {
  "use strict";

  const PREFIX = "passerelles:";

  function onPage(init) {
    if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
      document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  function once(element, name) {
    const done = (element.dataset.paReady || "").split(" ").filter(Boolean);
    if (done.includes(name)) return false;
    element.dataset.paReady = [...done, name].join(" ");
    return true;
  }

  // localStorage (or sessionStorage), or null when the browser refuses it (private
  // mode, policy, a page opened from the disk in some browsers).
  function storage(kind) {
    try {
      const area = kind === "session" ? window.sessionStorage : window.localStorage;
      const probe = PREFIX + "test";
      area.setItem(probe, "1");
      area.removeItem(probe);
      return area;
    } catch (error) {
      return null;
    }
  }

  function store(key, kind) {
    const area = storage(kind);
    const name = PREFIX + key;
    return {
      available: area !== null,
      get(fallback) {
        if (!area) return fallback;
        try {
          const value = JSON.parse(area.getItem(name));
          return value === null ? fallback : value;
        } catch (error) {
          return fallback;
        }
      },
      set(value) {
        if (!area) return false;
        try {
          area.setItem(name, JSON.stringify(value));
          return true;
        } catch (error) {
          return false; // quota reached: the page keeps working, nothing is remembered
        }
      },
      remove() {
        if (area) area.removeItem(name);
      },
    };
  }

  function siteRoot() {
    const config = document.getElementById("__config");
    try {
      return new URL(JSON.parse(config.textContent).base + "/", window.location.href);
    } catch (error) {
      return new URL("./", window.location.href);
    }
  }

  window.Passerelles = { onPage, once, store, siteRoot };
})();
