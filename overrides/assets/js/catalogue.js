/*
 * Catalogue filters: the kits' actions (data-kit) and the partner directory
 * (data-directory="partners").
 *
 * The directory renders every card; a kit page renders its first cards (its
 * .pa-catalogue[data-cards] names the data file of the whole catalogue, written by
 * generator/plan/cards_data.py, and data-page how many cards it sends at a time), and a
 * hidden <form class="pa-filters">; without JavaScript the cards of the page show,
 * and a kit's « Page suivante » leads to the others. This script shows the form
 * and filters the cards: OR inside a facet, AND across facets, and the text field
 * matches every typed word against the card's data-search (lower case, without
 * accents, as generator/plan/text.py `fold` wrote it).
 * - A kit's data file is added (a <script src>, which works from file:// too) the
 *   first time a reader needs more than the page holds: a filter, the text, an
 *   order, « Afficher plus », or a URL that says one; the cards are then made from
 *   it, the page's own reused. Until then the page's cards, counts and pages stay
 *   as the build wrote them, which are right for the whole catalogue. Shown cards
 *   come data-page at a time, « Afficher plus » (p.pa-more) adding the next ones
 *   and taking the focus to the first of them; the pages' links (nav.pa-pages) are
 *   hidden while it is offered.
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
 *   .pa-catalogue[data-cards][data-page]                a kit's list, its data file;
 *   p.pa-more button, nav.pa-pages                      more cards, the pages' links;
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

  function addScript(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.addEventListener("load", resolve);
      script.addEventListener("error", reject);
      document.head.appendChild(script);
    });
  }

  const loadScript = (path) => addScript(new URL(LUNR + path, window.Passerelles.siteRoot()).href);

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

  // What the filters read of a card: its data-* attributes (for a card not made yet,
  // the same values from the data file) and its line of facts.
  function item(groups, order, data, facts, card) {
    return {
      card,
      order,
      id: data.id,
      hours: parseFloat(data.hours) || 0,
      title: (data.title || "").split(/[^\p{L}\p{N}]+/u).filter(Boolean),
      titleText: data.title || "",
      facts: words((facts || "").replace(/[^\p{L}\p{N}]+/gu, " ")),
      search: data.search || "",
      values: Object.fromEntries(groups.map((g) => [g.name, (data[g.field] || "").split(/\s+/)])),
    };
  }

  function readItems(scope, groups) {
    return [...scope.querySelectorAll(".pa-card")].map((card, order) =>
      item(groups, order, card.dataset, (card.querySelector(".pa-card__meta") || {}).textContent, card),
    );
  }

  // A card of the data file, as generator/templates/_macros.md.j2 writes one; every
  // text goes in as text.
  function makeCard(entry, href) {
    const card = document.createElement("div");
    card.className = "pa-card";
    Object.entries(entry.data).forEach(([name, value]) => card.setAttribute("data-" + name, value));
    const paragraph = (className, content) => {
      const element = document.createElement("p");
      if (className) element.className = className;
      element.append(content);
      card.append(element);
    };
    const link = document.createElement("a");
    link.setAttribute("href", href);
    link.textContent = entry.title;
    const strong = document.createElement("strong");
    strong.append(link);
    paragraph("pa-card__title", strong);
    if (entry.origin) paragraph("pa-card__origin", entry.origin);
    if (entry.summary) paragraph("", entry.summary);
    paragraph("pa-card__meta", entry.facts);
    return card;
  }

  // Every card of the data file, the page's own reused; a link is made as the page's
  // first card's is (the site's form of addresses: « actions/ID/ » or « actions/ID.html »).
  function dataItems(cards, groups, known) {
    const model = known.find((i) => i.card && i.id);
    const href = model ? model.card.querySelector("a").getAttribute("href") : "";
    const at = model ? href.lastIndexOf(model.id) : -1;
    const before = at < 0 ? "" : href.slice(0, at);
    const after = at < 0 ? "" : href.slice(at + model.id.length);
    const cardOf = new Map(known.map((i) => [i.id, i.card]));
    return cards.map((entry, order) => {
      const made = item(groups, order, entry.data, entry.facts, cardOf.get(entry.data.id) || null);
      made.make = () => makeCard(entry, before + encodeURIComponent(entry.data.id) + after);
      return made;
    });
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

  function rank(items, sort, typed) {
    const byHours = sort && sort.value === "duree";
    return items
      .map((item) => ({ item, score: relevance(item, typed) }))
      .sort(
        (a, b) =>
          b.score - a.score ||
          (byHours ? a.item.hours - b.item.hours : 0) ||
          a.item.order - b.item.order,
      )
      .map((entry) => entry.item);
  }

  // The cards to show, in their order: made when first shown, the others hidden.
  function display(list, items, shown) {
    items.forEach((item) => {
      if (item.card) item.card.hidden = true;
    });
    shown.forEach((item) => {
      if (!item.card) item.card = item.make();
      item.card.hidden = false;
    });
    const now = [...list.children].filter((c) => c.classList.contains("pa-card") && !c.hidden);
    if (now.length !== shown.length || shown.some((item, index) => now[index] !== item.card)) {
      list.append(...shown.map((item) => item.card));
    }
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
  function place(items, panel, limit) {
    const top = headerBottom();
    // in the page's order, which the sort may have changed
    const shown = items.filter((i) => i.card).sort((a, b) =>
      a.card.compareDocumentPosition(b.card) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
    const first = shown.find((i) => !i.card.hidden && i.card.getBoundingClientRect().bottom > top);
    return {
      query: window.location.search,
      y: Math.round(window.scrollY),
      open: Boolean(panel && panel.open),
      limit: Number.isFinite(limit) ? limit : null,
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
      const item = saved.card && items.find((i) => i.card && i.id === saved.card.id);
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
    const list = scope.querySelector(".pa-catalogue");
    const more = scope.querySelector(".pa-more");
    const pages = scope.querySelector(".pa-pages");
    const groups = readGroups(form);
    const source = list && list.dataset.cards;
    const step = (list && parseInt(list.dataset.page, 10)) || Infinity;
    const total = count ? parseInt(count.dataset.total, 10) || 0 : 0;
    let items = readItems(scope, groups);
    let complete = !source; // every card of the catalogue is known
    let failed = false; // the data file did not load: the page's cards and pages stay
    let loading = null;
    let limit = step;
    const memory = tabMemory(window.location.pathname);
    const remember = () => memory.set(place(items, panel, limit));
    const show = () => count && reveal(count);
    const sort = form.querySelector("select[name=tri]");

    // While the data file loads, the list says it is busy (screen readers wait for it,
    // and so do the tests before they read the counts).
    function loadAll() {
      if (!loading) {
        if (list) list.setAttribute("aria-busy", "true");
        loading = addScript(new URL(source, window.location.href).href)
          .then(() => {
            const data = (window.passerellesCards || {})[form.dataset.kit];
            if (!data || !Array.isArray(data.cards)) throw new Error("no cards");
            items = dataItems(data.cards, groups, items);
            complete = true;
          })
          .catch(() => {
            failed = true;
          })
          .finally(() => list && list.removeAttribute("aria-busy"));
      }
      return loading;
    }

    const choicesNow = () => Object.fromEntries(groups.map((g) => [g.name, chosen(g)]));
    // Whether the page's own cards are not enough for what the reader asks.
    function asksMore(choices, typed) {
      const on = Object.values(choices).some((values) => values.length);
      return on || typed.length > 0 || (sort && sort.selectedIndex > 0) || limit > step;
    }

    function update() {
      const choices = choicesNow();
      const typed = text ? words(text.value) : [];
      if (!complete && !failed && asksMore(choices, typed)) {
        loadAll().then(update);
        return;
      }
      const passed = verdicts(items, groups, choices, typed);
      const pass = new Set(
        passed.filter((p) => p.text && groups.every((g) => p.groups[g.name])).map((p) => p.item),
      );
      const matching = rank(items, sort, typed).filter((item) => pass.has(item));
      if (list) display(list, items, matching.slice(0, limit));
      const shown = complete ? matching.length : total;
      if (complete) showOptionCounts(groups, passed);
      const on = Object.values(choices).reduce((n, values) => n + values.length, 0);
      if (count) count.textContent = shown + " " + (shown > 1 ? count.dataset.many : count.dataset.one);
      if (empty) empty.hidden = shown !== 0;
      if (active) active.textContent = on ? ` · ${on} filtre${on > 1 ? "s actifs" : " actif"}` : "";
      if (reset) reset.hidden = on === 0 && !(text && text.value.trim());
      if (more) more.hidden = failed || !(matching.length > limit || (!complete && total > limit));
      if (pages) pages.hidden = !failed;
      writeQuery(groups, text, choices, sort);
      remember();
    }

    // « Afficher plus »: the next cards, the focus on the first of them.
    function showMore() {
      const first = limit;
      limit += step;
      const then = () => {
        update();
        const next = list && list.querySelectorAll(":scope > .pa-card:not([hidden])")[first];
        const link = next && next.querySelector("a");
        if (link) link.focus();
      };
      if (complete) then();
      else loadAll().then(then);
    }

    form.addEventListener("input", (event) => {
      if (event.target === text) loadStemmer(update);
      limit = step;
      update();
    });
    form.addEventListener("change", (event) => event.target !== text && show());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      show();
    });
    // The reader is about to filter: the data file comes while they choose.
    form.addEventListener("focusin", () => source && loadAll());
    // « Effacer les filtres » clears every filter, a preselected académie included;
    // the button then hides, so the focus goes to the first field, not to the page.
    form.addEventListener("reset", (event) => {
      event.preventDefault();
      const hadFocus = document.activeElement === reset;
      clear(groups, text);
      if (sort) sort.selectedIndex = 0;
      limit = step;
      update();
      if (hadFocus) (text || form.querySelector("summary")).focus();
      show();
    });
    if (more) more.querySelector("button").addEventListener("click", showMore);
    window.addEventListener("pagehide", remember);
    scope.addEventListener("click", (event) => event.target.closest(".pa-card a") && remember());

    // Read before the first update, which remembers the page as it opens.
    const back = placeToReturnTo(memory.get());
    readQuery(groups, text, sort);
    if (back && back.limit > limit) limit = back.limit;
    if (panel) panel.open = back ? back.open : window.matchMedia(WIDE).matches;
    form.hidden = false;
    if (text && text.value.trim()) loadStemmer(update);
    const start = () => {
      update();
      if (back) scrollBack(items, back);
    };
    if (source && asksMore(choicesNow(), text ? words(text.value) : [])) loadAll().then(start);
    else start();
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
