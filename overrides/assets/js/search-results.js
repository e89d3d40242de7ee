// Search results as a reader of a kit expects them (Material's search, French worker
// overrides/assets/javascripts/workers/search-fr.js):
//
// - A result with one view per kit (an action of both kits, its views listed under it)
//   opens, from a page of one kit, that kit's view: its first link leads where the
//   reader's own kit's view does. The view links under it are marked so the style sheet
//   shows them as links (.pa-search-view).
// - The query is kept: opening a result first writes it in the current address
//   (« ?q=… »), which Material reads when the page shows again, so that Back brings the
//   search back, open, with its results. A page the browser kept in memory (back-forward
//   cache) is not loaded again: the search is reopened here.
(() => {
  "use strict";

  // The first folder of an address under the site's root: « entreprises » for a page
  // of the companies' kit.
  function section(href, base) {
    const url = new URL(href, window.location.href);
    if (!url.href.startsWith(base.href)) return "";
    return url.href.slice(base.href.length).split(/[/?#]/)[0].replace(/\.html$/, "");
  }

  function toOwnKit(item, base, here) {
    const links = [...item.querySelectorAll("a.md-search-result__link")];
    const [main, ...views] = links;
    if (!main || !views.length) return;
    views.forEach((view) => view.classList.add("pa-search-view"));
    if (!here || section(main.href, base) === here) return;
    const own = views.find((view) => section(view.href, base) === here);
    if (own) main.setAttribute("href", own.getAttribute("href").replace(/#$/, ""));
  }

  function watchResults() {
    const list = document.querySelector(".md-search-result__list");
    if (!list || !window.Passerelles.once(list, "search-results")) return;
    const base = window.Passerelles.siteRoot();
    const here = section(window.location.href, base);
    const apply = () => list.querySelectorAll(".md-search-result__item").forEach((item) => {
      toOwnKit(item, base, here);
    });
    new MutationObserver(apply).observe(list, { childList: true, subtree: true });
    apply();
  }

  function keepQuery() {
    if (!window.Passerelles.once(document.body, "search-query")) return;
    document.addEventListener(
      "click",
      (event) => {
        const link = event.target.closest(".md-search-result a");
        const input = document.querySelector("input.md-search__input");
        if (!link || !input || !input.value.trim()) return;
        const url = new URL(window.location.href);
        url.searchParams.set("q", input.value.trim());
        try {
          window.history.replaceState(window.history.state, "", url.href);
        } catch (error) {
          // file:// in some browsers: Back shows the page without the search
        }
      },
      true,
    );
    // Back to a page kept in memory: Material does not read « ?q= » again.
    window.addEventListener("pageshow", (event) => {
      const query = new URL(window.location.href).searchParams.get("q");
      const input = document.querySelector("input.md-search__input");
      const toggle = document.getElementById("__search");
      if (!event.persisted || !query || !input || !toggle) return;
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
      input.value = query;
      input.focus();
      input.dispatchEvent(new Event("input"));
      input.dispatchEvent(new KeyboardEvent("keyup", { key: "End" }));
    });
  }

  window.Passerelles.onPage(() => {
    watchResults();
    keepQuery();
  });
})();
