// Printing a fiche: an « Imprimer la fiche » button where a page offers one, and, on
// paper, the page's address and the day it is printed in the header print.css shows.
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

  function init() {
    document.querySelectorAll(".pa-print-button").forEach((holder) => {
      if (!window.Passerelles.once(holder, "print")) return;
      const button = holder.querySelector("button");
      button.addEventListener("click", () => window.print());
      holder.hidden = false;
    });
  }

  window.addEventListener("beforeprint", stamp);
  window.Passerelles.onPage(init);
})();
