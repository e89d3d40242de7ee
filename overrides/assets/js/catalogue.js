/*
 * Catalogue filters: the kits' actions (data-kit) and the partner directory
 * (data-directory="partners").
 *
 * The page renders every card and a hidden <form class="pa-filters">; without
 * JavaScript the whole list shows. This script shows the form and filters the
 * cards: OR inside a facet, AND across facets, and the text field matches every
 * typed word against the card's data-search (lower case, without accents, as
 * generator/plan.py `fold` wrote it). The state is kept in the query string
 * (history.replaceState), so a filtered view can be shared and reopened.
 *
 * Markup contract:
 *   form.pa-filters [data-facet=NAME][data-field=ATTR]  a group of checkboxes
 *     (or a <select>) named NAME, compared with each card's data-ATTR (words
 *     separated by spaces; the word "*" matches any choice);
 *   form.pa-filters input[type=search]                  the text filter (not named
 *     "q": Material's own search opens itself on ?q=);
 *   .pa-count[data-one][data-many]                      the live count;
 *   .pa-empty                                            shown when nothing matches;
 *   .pa-card                                             the cards.
 */
(function () {
  "use strict";

  function fold(text) {
    return text
      .toLowerCase()
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .normalize("NFKD")
      .replace(/\p{M}/gu, "");
  }

  function words(text) {
    return fold(text).split(/\s+/).filter(Boolean);
  }

  function setup(form) {
    if (form.dataset.paReady) {
      return;
    }
    form.dataset.paReady = "true";
    var scope = form.closest("article") || document;
    var cards = Array.prototype.slice.call(scope.querySelectorAll(".pa-card"));
    var count = scope.querySelector(".pa-count");
    var empty = scope.querySelector(".pa-empty");
    var text = form.querySelector("input[type=search]");
    var groups = Array.prototype.slice
      .call(form.querySelectorAll("[data-facet]"))
      .map(function (group) {
        return {
          name: group.dataset.facet,
          field: group.dataset.field || group.dataset.facet,
          checkboxes: Array.prototype.slice.call(
            group.querySelectorAll("input[type=checkbox]")
          ),
          select: group.querySelector("select"),
        };
      });
    var items = cards.map(function (card) {
      var values = {};
      groups.forEach(function (group) {
        values[group.name] = (card.getAttribute("data-" + group.field) || "")
          .split(/\s+/)
          .filter(Boolean);
      });
      return { card: card, values: values, search: card.dataset.search || "" };
    });

    function chosen(group) {
      if (group.select) {
        return group.select.value ? [group.select.value] : [];
      }
      return group.checkboxes
        .filter(function (box) {
          return box.checked;
        })
        .map(function (box) {
          return box.value;
        });
    }

    function matches(item, choices, typed) {
      var facetsMatch = groups.every(function (group) {
        var wanted = choices[group.name];
        var have = item.values[group.name];
        return (
          wanted.length === 0 ||
          have.indexOf("*") !== -1 ||
          wanted.some(function (value) {
            return have.indexOf(value) !== -1;
          })
        );
      });
      return (
        facetsMatch &&
        typed.every(function (word) {
          return item.search.indexOf(word) !== -1;
        })
      );
    }

    function saveState(choices) {
      var params = new URLSearchParams(window.location.search);
      groups.forEach(function (group) {
        params.delete(group.name);
        choices[group.name].forEach(function (value) {
          params.append(group.name, value);
        });
      });
      if (text) {
        params.delete(text.name);
        if (text.value.trim()) {
          params.set(text.name, text.value.trim());
        }
      }
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      try {
        window.history.replaceState(window.history.state, "", url);
      } catch (error) {
        // Some browsers refuse it for file:// pages: the filters still work.
      }
    }

    function restoreState() {
      var params = new URLSearchParams(window.location.search);
      groups.forEach(function (group) {
        var values = params.getAll(group.name);
        if (group.select) {
          var known = Array.prototype.some.call(group.select.options, function (option) {
            return option.value === values[0];
          });
          group.select.value = known ? values[0] : "";
        } else {
          group.checkboxes.forEach(function (box) {
            box.checked = values.indexOf(box.value) !== -1;
          });
        }
      });
      if (text) {
        text.value = params.get(text.name) || "";
      }
    }

    function update() {
      var choices = {};
      groups.forEach(function (group) {
        choices[group.name] = chosen(group);
      });
      var typed = text ? words(text.value) : [];
      var shown = 0;
      items.forEach(function (item) {
        var visible = matches(item, choices, typed);
        item.card.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      if (count) {
        var noun = shown > 1 ? count.dataset.many : count.dataset.one;
        count.textContent = shown + " " + noun;
      }
      if (empty) {
        empty.hidden = shown !== 0;
      }
      saveState(choices);
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("reset", function () {
      // The browser clears the fields after this event: filter once it has.
      window.setTimeout(update, 0);
    });

    restoreState();
    form.hidden = false;
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.pa-filters"), setup);
  }

  window.Passerelles.onPage(init);
})();
