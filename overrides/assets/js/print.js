// Printing a fiche: an « Imprimer la fiche » button where a page offers one, and, on
// paper, the page's address and the day it is printed in the header print.css shows.
// Each internal link of the page prints its address once, after its first mention
// (data-pa-address, shown by print.css): its path from the site's root, whose address the
// header prints with the page's. Links that print.css leaves off the paper (the back
// link, how to reach each role of « Qui agit » and « Qui contacter ») are not counted.
(function () {
  "use strict";

  function stamp() {
    const date = new Date().toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll("[data-pa-print=url]").forEach((span) => {
      span.textContent = window.location.href;
    });
    document.querySelectorAll("[data-pa-print=date]").forEach((span) => {
      span.textContent = date;
    });
  }

  // What print.css does not print (besides the site around the page).
  const NOT_PRINTED =
    ".pa-noprint, .pa-print-header, .headerlink, :is(.pa-who, .pa-acting) li > :not(:first-child)";

  // A short address: the path from the site's root (the header gives the page's full
  // address, so the site's own is on the paper once).
  function printedAddress(url, base) {
    const path = url.href.startsWith(base.href) ? url.href.slice(base.href.length) : url.pathname;
    return "/" + path.replace(/^\/+/, "");
  }

  function addresses() {
    const article = document.querySelector("article");
    if (!article) return;
    const base = window.Passerelles.siteRoot();
    const seen = new Set();
    article.querySelectorAll("a[href]").forEach((link) => {
      const href = link.getAttribute("href");
      if (/^(?:[a-z]+:|#)/i.test(href) || link.closest(NOT_PRINTED)) return;
      const url = new URL(href, window.location.href);
      url.hash = "";
      if (seen.has(url.href)) {
        link.removeAttribute("data-pa-address");
      } else {
        seen.add(url.href);
        link.dataset.paAddress = printedAddress(url, base);
      }
    });
  }

  function init() {
    document.querySelectorAll(".pa-print-button").forEach((holder) => {
      if (!window.Passerelles.once(holder, "print")) return;
      const button = holder.querySelector("button");
      button.addEventListener("click", () => window.print());
      holder.hidden = false;
    });
  }

  window.addEventListener("beforeprint", stamp);
  window.addEventListener("beforeprint", addresses);
  window.Passerelles.onPage(init);
})();
