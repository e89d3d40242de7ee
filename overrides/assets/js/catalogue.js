/*
 * Catalogue filters: the kits' actions (data-kit) and the partner directory
 * (data-directory="partners").
 *
 * The page renders every card and a hidden <form class="pa-filters">; without
 * JavaScript the whole list shows. This script shows the form and filters the
 * cards: OR inside a facet, AND across facets, and the text field matches every
 * typed word against the card's data-search (lower case, without accents, as
 * generator/plan/text.py `fold` wrote it).
 *
 * - Each option's count follows the other filters: the cards that match every
 *   other active filter and this option (an option at 0 stays, saying 0).
 * - After a change made by hand (a box, the select, Enter in the text field,
 *   « Effacer les filtres »), the count is brought into view when it is not, by the
 *   least scroll that shows it (never more: the reader stays where the filters are);
 *   the count is a live region, so screen readers hear it. Typing in the text field
 *   filters at once but does not move the page.
 * - Order: the page's order (titles, A to Z), or the one the « tri » select chooses
 *   (select[name=tri], by data-hours for « duree »); with a text filter, the cards
 *   that answer it best come first (its words in the title before the summary),
 *   that order among equals. Typed words are folded as the cards' data-search and
 *   stemmed as the site's search does (lunr-languages' French stemmer).
 * - The state is kept in the query string (history.replaceState), so a filtered
 *   view can be shared, reloaded and found again with the Back button; and, per
 *   tab, in sessionStorage with the reader's place, so that a link back to the
 *   page ending with #depuis-une-action (the action pages' « Retour au kit », or
 *   any link of class pa-back-to-kit, which this script ends so) brings back the
 *   same filters at the same place.
 *
 * Markup contract:
 *   form.pa-filters [data-facet=NAME][data-field=ATTR]  a group of checkboxes
 *     (or a <select>) named NAME, compared with each card's data-ATTR (words
 *     separated by spaces; the word "*" matches any choice);
 *   .pa-filters__count                                  a box's count, "(N)";
 *   form.pa-filters input[type=search]                  the text filter (not named
 *     "q": Material's own search opens itself on ?q=);
 *   form.pa-filters details.pa-filters__panel           the panel that folds the
 *     facets, open on a wide screen; .pa-filters__active in its summary says how
 *     many filters are on;
 *   form.pa-filters button[type=reset]                  shown when a filter is on;
 *   .pa-count[data-one][data-many]                      the live count;
 *   .pa-empty                                           shown when nothing matches;
 *   .pa-card[data-id][data-title][data-hours]          the cards (data-title folded);
 *   form.pa-filters select[name=tri]                    the order, first option the
 *     page's own;
 *   #depuis-une-action                                  the fragment of the back link;
 *   a.pa-back-to-kit                                    a link on another page that
 *     this script points to #depuis-une-action (the action pages' « Retour au kit »).
 */
(() => {
  "use strict";

  const BACK_FRAGMENT = "#depuis-une-action";
  const WIDE = "(min-width: 60em)";
  const MARGIN = 16; // px kept between what is revealed and the screen's edge

  const fold = (text) =>
    text
      .toLowerCase()
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .normalize("NFKD")
      .replace(/\p{M}/gu, "");

  const words = (text) => fold(text).split(/\s+/).filter(Boolean);

  // Typed words are stemmed as the site's search stems them: lunr-languages' French
  // stemmer (Snowball), which Material ships for its search worker, loaded here the
  // first time a reader types in the text filter; until then, and if it cannot load,
  // plural endings are dropped. Words with a digit (« 3e ») stay as typed.
  let frenchStem = null;
  let stemmerLoading = null;
  const LUNR = "assets/javascripts/lunr/min/";

  function loadScript(path) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(LUNR + path, window.Passerelles.siteRoot()).href;
      script.addEventListener("load", resolve);
      script.addEventListener("error", reject);
      document.head.appendChild(script);
    });
  }

  // lunr-languages only needs these two parts of lunr to define its French stemmer.
  function lunrShim() {
    return {
      Pipeline: { registerFunction() {} },
      generateStopWordFilter(list) {
        const stop = new Set(list);
        return (token) => (stop.has(token) ? undefined : token);
      },
    };
  }

  function loadStemmer(then) {
    if (frenchStem || stemmerLoading) return;
    window.lunr = window.lunr || lunrShim();
    stemmerLoading = loadScript("lunr.stemmer.support.min.js")
      .then(() => loadScript("lunr.fr.min.js"))
      .then(() => {
        const french = window.lunr.fr && window.lunr.fr.stemmer;
        if (typeof french === "function") frenchStem = (word) => french(word);
        then();
      })
      .catch(() => {}); // the light stemming stays
  }

  const stem = (word) => {
    if (/\d/.test(word)) return word;
    if (frenchStem) return frenchStem(word);
    return word.length > 3 ? word.replace(/(?:es|s|x)$/, "") : word;
  };

  // ------------------------------------------------------------------ the form

  function readGroups(form) {
    return [...form.querySelectorAll("[data-facet]")].map((group) => {
      const select = group.querySelector("select");
      const controls = select
        ? [...select.options].filter((option) => option.value)
        : [...group.querySelectorAll("input[type=checkbox]")];
      return {
        name: group.dataset.facet,
        field: group.dataset.field || group.dataset.facet,
        select,
        options: controls.map((control) => ({
          value: control.value,
          control,
          // A select's option shows its count in its text; a box, in a span of its label.
          label: select ? control.textContent.replace(/\s*\(\d+\)$/, "") : null,
          count: select ? null : control.parentElement.querySelector(".pa-filters__count"),
        })),
      };
    });
  }

  function chosen(group) {
    if (group.select) return group.select.value ? [group.select.value] : [];
    return group.options.filter((o) => o.control.checked).map((o) => o.value);
  }

  // The académie an edition of the site preselected, if any.
  function preset(group) {
    return group.select ? [...group.select.options].find((o) => o.defaultSelected && o.value) : null;
  }

  function clear(groups, text) {
    groups.forEach((group) => {
      if (group.select) group.select.value = "";
      else group.options.forEach((o) => (o.control.checked = false));
    });
    if (text) text.value = "";
  }

  // ------------------------------------------------------------------ filtering

  function has(values, wanted) {
    return values.includes("*") || wanted.some((value) => values.includes(value));
  }

  function readItems(scope, groups) {
    return [...scope.querySelectorAll(".pa-card")].map((card, order) => ({
      card,
      order,
      hours: parseFloat(card.dataset.hours) || 0,
      title: (card.dataset.title || "").split(/[^\p{L}\p{N}]+/u).filter(Boolean),
      titleText: card.dataset.title || "",
      facts: words(
        ((card.querySelector(".pa-card__meta") || {}).textContent || "").replace(/[^\p{L}\p{N}]+/gu, " "),
      ),
      search: card.dataset.search || "",
      values: Object.fromEntries(
        groups.map((g) => [g.name, (card.getAttribute("data-" + g.field) || "").split(/\s+/)]),
      ),
    }));
  }

  // Which filters each card passes: the text, and each group.
  function verdicts(items, groups, choices, typed) {
    return items.map((item) => ({
      item,
      text: typed.every((word) => item.search.includes(stem(word))),
      groups: Object.fromEntries(
        groups.map((g) => {
          const wanted = choices[g.name];
          return [g.name, wanted.length === 0 || has(item.values[g.name], wanted)];
        }),
      ),
    }));
  }

  // An option's count: the cards passing the text and every other group, and having it.
  function showOptionCounts(groups, passed) {
    groups.forEach((group) => {
      const others = passed.filter(
        (p) => p.text && groups.every((g) => g === group || p.groups[g.name]),
      );
      group.options.forEach((option) => {
        const n = others.filter((p) => has(p.item.values[group.name], [option.value])).length;
        if (option.count) {
          option.count.textContent = "(" + n + ")";
          option.control.parentElement.classList.toggle("pa-filters__option--none", n === 0);
        } else {
          option.control.textContent = option.label + " (" + n + ")";
        }
      });
    });
  }

  // ------------------------------------------------------------------ the order

  // How well a card answers the typed words: each word at the start of a word of the
  // title counts 3, of the facts line (format, levels, public…) 2, elsewhere 1; a
  // title that begins with the first word, 1 more; the words together in the title, 2.
  function relevance(item, typed) {
    if (!typed.length) return 0;
    const starts = (list, root) => list.some((w) => w.startsWith(root));
    const score = typed.reduce((sum, word) => {
      const root = stem(word);
      if (starts(item.title, root)) return sum + 3;
      return sum + (starts(item.facts, root) ? 2 : 1);
    }, 0);
    const first = item.title.length && item.title[0].startsWith(stem(typed[0])) ? 1 : 0;
    return score + first + (typed.length > 1 && item.titleText.includes(typed.join(" ")) ? 2 : 0);
  }

  function arrange(items, sort, typed) {
    const byHours = sort && sort.value === "duree";
    const ranked = items
      .map((item) => ({ item, score: relevance(item, typed) }))
      .sort(
        (a, b) =>
          b.score - a.score ||
          (byHours ? a.item.hours - b.item.hours : 0) ||
          a.item.order - b.item.order,
      )
      .map((entry) => entry.item);
    const list = items[0] && items[0].card.parentElement;
    const now = list ? [...list.querySelectorAll(":scope > .pa-card")] : [];
    if (list && ranked.some((item, index) => now[index] !== item.card)) {
      list.append(...ranked.map((item) => item.card));
    }
    return ranked;
  }

  // ------------------------------------------------------------------ the URL

  function writeQuery(groups, text, choices, sort) {
    const params = new URLSearchParams(window.location.search);
    if (sort) {
      params.delete(sort.name);
      if (sort.selectedIndex > 0) params.set(sort.name, sort.value);
    }
    groups.forEach((group) => {
      params.delete(group.name);
      choices[group.name].forEach((value) => params.append(group.name, value));
      // A preselected select set back to « all » says so, or the next visit would
      // preselect it again.
      if (!choices[group.name].length && preset(group)) params.set(group.name, "");
    });
    if (text) {
      params.delete(text.name);
      if (text.value.trim()) params.set(text.name, text.value.trim());
    }
    const query = params.toString() ? "?" + params.toString() : "";
    try {
      window.history.replaceState(
        window.history.state,
        "",
        window.location.pathname + query + window.location.hash,
      );
    } catch (error) {
      // Some browsers refuse it for file:// pages: the filters still work.
    }
  }

  function readQuery(groups, text, sort) {
    const params = new URLSearchParams(window.location.search);
    if (sort) {
      const wanted = params.get(sort.name);
      const known = [...sort.options].some((o) => o.value === wanted);
      sort.selectedIndex = 0;
      if (known) sort.value = wanted;
    }
    groups.forEach((group) => {
      const values = params.getAll(group.name);
      if (group.select) {
        const value = params.has(group.name) ? values[0] : (preset(group) || { value: "" }).value;
        group.select.value = group.options.some((o) => o.value === value) ? value : "";
      } else {
        group.options.forEach((o) => (o.control.checked = values.includes(o.value)));
      }
    });
    if (text) text.value = params.get(text.name) || "";
  }

  // ------------------------------------------------------------------ the reader's place

  // The place and filters of this page, for this tab only (sessionStorage), or
  // nothing kept when the browser refuses storage.
  function tabMemory(key) {
    const memory = window.Passerelles.store("catalogue:" + key, "session");
    return { get: () => memory.get(null), set: (value) => memory.set(value) };
  }

  // Where the page starts below Material's header, which stays at the top.
  function headerBottom() {
    const header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // The reader's place: the first card in sight and how far down the screen it stands
  // (the panel above it may be open or folded when the page comes back), and the scroll.
  function place(items, panel) {
    const top = headerBottom();
    // in the page's order, which the sort may have changed
    const shown = [...items].sort((a, b) =>
      a.card.compareDocumentPosition(b.card) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
    const first = shown.find((i) => !i.card.hidden && i.card.getBoundingClientRect().bottom > top);
    return {
      query: window.location.search,
      y: Math.round(window.scrollY),
      open: Boolean(panel && panel.open),
      card: first
        ? { id: first.card.dataset.id, top: Math.round(first.card.getBoundingClientRect().top) }
        : null,
    };
  }

  // Where to put the reader back, if anywhere: arriving by the back link, the filters
  // and place of this tab's last visit (put back in the URL); coming by the Back button
  // to a page the browser had to load again, the place that goes with its URL.
  function placeToReturnTo(saved) {
    if (!saved) return null;
    if (window.location.hash === BACK_FRAGMENT) {
      try {
        window.history.replaceState(window.history.state, "", window.location.pathname + saved.query);
      } catch (error) {
        return null; // file:// in some browsers: the list shows unfiltered, at the catalogue
      }
      return saved;
    }
    const navigation = performance.getEntriesByType("navigation")[0];
    const back = navigation && navigation.type === "back_forward";
    return back && saved.query === window.location.search ? saved : null;
  }

  function scrollBack(items, saved) {
    const go = () => {
      const item = saved.card && items.find((i) => i.card.dataset.id === saved.card.id);
      if (item && !item.card.hidden) {
        window.scrollBy(0, item.card.getBoundingClientRect().top - saved.card.top);
      } else {
        window.scrollTo(0, saved.y);
      }
    };
    go();
    // The browser may still scroll to the fragment, or to its own idea of the place, on load.
    if (document.readyState === "complete") {
      requestAnimationFrame(go);
    } else {
      window.addEventListener("load", () => requestAnimationFrame(go), { once: true });
    }
  }

  // Bring the count into view, unless it already is, by the least scroll that shows it:
  // the page never jumps further than that, and the filter just changed stays near.
  function reveal(count) {
    const top = headerBottom();
    const bottom = window.innerHeight;
    const box = count.getBoundingClientRect();
    if (box.top >= top && box.bottom <= bottom) return;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const behavior = still ? "auto" : "smooth";
    const by = box.top < top ? box.top - top - MARGIN : box.bottom - bottom + MARGIN;
    window.scrollBy({ top: by, behavior });
  }

  // ------------------------------------------------------------------ one catalogue

  function setup(form) {
    if (!window.Passerelles.once(form, "filters")) return;
    const scope = form.closest("article") || document;
    const count = scope.querySelector(".pa-count");
    const empty = scope.querySelector(".pa-empty");
    const text = form.querySelector("input[type=search]");
    const panel = form.querySelector(".pa-filters__panel");
    const active = form.querySelector(".pa-filters__active");
    const reset = form.querySelector("button[type=reset]");
    const groups = readGroups(form);
    const items = readItems(scope, groups);
    const memory = tabMemory(window.location.pathname);
    const remember = () => memory.set(place(items, panel));
    const show = () => count && reveal(count);
    const sort = form.querySelector("select[name=tri]");

    function update() {
      const choices = Object.fromEntries(groups.map((g) => [g.name, chosen(g)]));
      const typed = text ? words(text.value) : [];
      const passed = verdicts(items, groups, choices, typed);
      arrange(items, sort, typed);
      let shown = 0;
      passed.forEach((p) => {
        p.item.card.hidden = !(p.text && groups.every((g) => p.groups[g.name]));
        if (!p.item.card.hidden) shown += 1;
      });
      showOptionCounts(groups, passed);
      const on = Object.values(choices).reduce((n, values) => n + values.length, 0);
      if (count) count.textContent = shown + " " + (shown > 1 ? count.dataset.many : count.dataset.one);
      if (empty) empty.hidden = shown !== 0;
      if (active) active.textContent = on ? ` · ${on} filtre${on > 1 ? "s actifs" : " actif"}` : "";
      if (reset) reset.hidden = on === 0 && !(text && text.value.trim());
      writeQuery(groups, text, choices, sort);
      remember();
    }

    form.addEventListener("input", (event) => {
      if (event.target === text) loadStemmer(update);
      update();
    });
    form.addEventListener("change", (event) => event.target !== text && show());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      show();
    });
    // « Effacer les filtres » clears every filter, a preselected académie included;
    // the button then hides, so the focus goes to the first field, not to the page.
    form.addEventListener("reset", (event) => {
      event.preventDefault();
      const hadFocus = document.activeElement === reset;
      clear(groups, text);
      if (sort) sort.selectedIndex = 0;
      update();
      if (hadFocus) (text || form.querySelector("summary")).focus();
      show();
    });
    window.addEventListener("pagehide", remember);
    scope.addEventListener("click", (event) => event.target.closest(".pa-card a") && remember());

    // Read before the first update, which remembers the page as it opens.
    const back = placeToReturnTo(memory.get());
    readQuery(groups, text, sort);
    if (panel) panel.open = back ? back.open : window.matchMedia(WIDE).matches;
    form.hidden = false;
    if (text && text.value.trim()) loadStemmer(update);
    update();
    if (back) scrollBack(items, back);
  }

  // The action pages' « Retour au kit » (a.pa-back-to-kit) leads back to the same
  // filters and place; without this script it opens the kit page as it comes.
  function pointBackLinks() {
    document.querySelectorAll("a.pa-back-to-kit").forEach((link) => {
      // The attribute, not link.hash, which would write the address out in full.
      const href = link.getAttribute("href") || "";
      if (!href.includes("#")) link.setAttribute("href", href + BACK_FRAGMENT);
    });
  }

  function init() {
    document.querySelectorAll("form.pa-filters").forEach(setup);
    pointBackLinks();
  }

  window.Passerelles.onPage(init);
})();
