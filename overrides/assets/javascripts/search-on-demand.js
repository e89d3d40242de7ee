// The search worker starts when the reader opens the search, not with every page.
//
// Material's bundle starts its search worker as soon as a page loads: a thread, its
// scripts fetched and compiled (the French search worker and Material's, about 55 KB),
// and from file:// the iframe that stands in for a worker. Most page views never search.
// Loaded before the bundle (overrides/main.html), this script hands Material, for the
// worker the page's configuration names, an object that keeps Material's messages and
// starts the real worker the first time the search box takes the focus (a click, a tap on
// the search button, Material's keys « / », « s », « f ») or the search opens; the
// messages kept are then sent, and the worker's answers come back as they would have.
// Any other worker is started as it is asked.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("__config").textContent);
  const searchWorker = withoutFragment(
    new URL(config.search, new URL(config.base, location.href)),
  );
  const Started = window.Worker; // the browser's, or the iframe stand-in from file://

  function withoutFragment(url) {
    return url.href.split("#")[0];
  }

  class OnDemand extends EventTarget {
    constructor(url, options) {
      super();
      this.url = url;
      this.options = options;
      this.waiting = [];
      this.worker = null;
      this.onmessage = null;
      this.onerror = null;
      const start = () => this.start();
      document.addEventListener("focusin", (event) => {
        if (event.target instanceof Element && event.target.matches(".md-search__input")) start();
      });
      const toggle = document.querySelector('input[data-md-toggle="search"]');
      if (toggle) toggle.addEventListener("change", start);
    }

    start() {
      if (this.worker) return;
      this.worker = new Started(this.url, this.options);
      this.worker.addEventListener("message", (event) => {
        const copy = new MessageEvent("message", { data: event.data });
        this.dispatchEvent(copy);
        if (this.onmessage) this.onmessage(copy);
      });
      this.worker.addEventListener("error", (event) => {
        const copy = new ErrorEvent("error", event);
        this.dispatchEvent(copy);
        if (this.onerror) this.onerror(copy);
      });
      for (const message of this.waiting) this.worker.postMessage(message);
      this.waiting = [];
    }

    postMessage(message) {
      if (this.worker) this.worker.postMessage(message);
      else this.waiting.push(message);
    }

    terminate() {
      if (this.worker) this.worker.terminate();
    }
  }

  window.Worker = function Worker(url, options) {
    const asked = withoutFragment(new URL(String(url), location.href));
    return asked === searchWorker ? new OnDemand(url, options) : new Started(url, options);
  };
})();
