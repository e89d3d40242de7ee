// Self-assessment grid (page « autopositionnement » of a course).
// The form is rendered by generator/templates/self_assessment.md.j2 and works on
// paper without this script. The script keeps the answers in localStorage (one key
// per course), restores them on load, shows how many competences are answered per
// area, and offers « Imprimer » and « Effacer mes réponses ». Once every competence
// has a level, the « Votre bilan » section after the form shows the answers per
// area and the two lowest competences as priorities, before the link to the next
// lesson that the page already holds.
(function () {
  "use strict";

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A heading's words, without the « ¶ » of its permanent link.
  function headingText(heading) {
    if (!heading) return "";
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((link) => {
      link.remove();
    });
    return copy.textContent.trim();
  }

  // Each competence with its area, title and level (1 = the first level), in grid order.
  function ratings(form) {
    const found = [];
    form.querySelectorAll(".pa-sa-area").forEach((area) => {
      const areaTitle = headingText(area.querySelector("h2"));
      area.querySelectorAll("fieldset[data-competence]").forEach((fieldset) => {
        const checked = fieldset.querySelector('input[type="radio"]:checked');
        const legend = fieldset.querySelector("legend");
        found.push({
          area: areaTitle,
          title: legend ? legend.textContent.trim() : fieldset.dataset.competence,
          level: checked ? parseInt(checked.value, 10) : null,
        });
      });
    });
    return found;
  }

  function levelNames(form) {
    const fieldset = form.querySelector("fieldset[data-competence]");
    if (!fieldset) return [];
    const levels = fieldset.querySelectorAll(".pa-level__text");
    return Array.from(levels, (span) => span.textContent.trim());
  }

  // « Je découvre : 1 · Je m'exerce : 3 » for one area (levels with no answer left
  // out), each pair kept on one line.
  function areaSummary(items, names) {
    const counts = names.map(() => 0);
    items.forEach((item) => {
      counts[item.level - 1] += 1;
    });
    const parts = [];
    names.forEach((name, index) => {
      if (!counts[index]) return;
      if (parts.length) parts.push(" · ");
      parts.push(element("span", "pa-sa-result__count", name + " : " + counts[index]));
    });
    return parts;
  }

  function areasList(all, names) {
    const list = element("ul", "pa-sa-result__areas");
    const areas = [];
    all.forEach((item) => {
      if (!areas.includes(item.area)) areas.push(item.area);
    });
    areas.forEach((area) => {
      const items = all.filter((item) => item.area === area);
      const li = element("li");
      li.append(element("strong", null, area), " — ");
      li.append(...areaSummary(items, names));
      list.appendChild(li);
    });
    return list;
  }

  // The two lowest competences, the first in grid order among equals.
  function priorities(all, names) {
    const ranked = all.slice().sort((a, b) => a.level - b.level);
    const parts = [element("h3", null, "Vos deux priorités")];
    parts.push(element("p", null, "Les deux compétences où vous vous situez le plus bas :"));
    const list = element("ol", "pa-sa-result__priorities");
    ranked.slice(0, 2).forEach((item) => {
      const li = element("li");
      li.append(
        element("strong", null, item.title),
        " — " + names[item.level - 1] + ", domaine « " + item.area + " »"
      );
      list.appendChild(li);
    });
    parts.push(list);
    if (ranked.length > 2 && ranked[2].level === ranked[1].level) {
      parts.push(
        element(
          "p",
          "pa-sa-result__tie",
          "D'autres compétences sont au même niveau que la deuxième : choisissez parmi elles celles qui ont le plus de sens dans votre discipline."
        )
      );
    }
    return parts;
  }

  // Fills the « Votre bilan » section and shows it; hides it while a competence has no level.
  function showResult(form, section) {
    const all = ratings(form);
    const complete = all.length > 0 && all.every((item) => item.level !== null);
    section.querySelectorAll(".pa-sa-result__built").forEach((node) => {
      node.remove();
    });
    section.hidden = !complete;
    if (!complete) return false;
    const names = levelNames(form);
    const heading = element("h2", "pa-sa-result__built", "Votre bilan");
    heading.id = "sa-bilan";
    heading.tabIndex = -1;
    const built = element("div", "pa-sa-result__built");
    built.append(
      element("p", null, "Vos réponses par domaine :"),
      areasList(all, names),
      ...priorities(all, names)
    );
    section.setAttribute("aria-labelledby", heading.id);
    section.prepend(heading, built);
    return true;
  }

  // Stored as {"answers": {competence id: level number}, "updated": ISO date}.
  function load(stored) {
    const data = stored.get(null);
    return data && typeof data.answers === "object" && data.answers !== null ? data.answers : {};
  }

  function plural(count, singular, pluralForm) {
    return count > 1 ? pluralForm : singular;
  }

  function answered(count, total) {
    return count + " " + plural(count, "compétence", "compétences") + " sur " + total + " " +
      plural(count, "renseignée", "renseignées");
  }

  function button(label, extra) {
    const node = element("button", "md-button pa-sa-button " + extra, label);
    node.type = "button";
    return node;
  }

  // The toolbar at the top of the form: count, buttons and the status message.
  function addToolbar(form) {
    const parts = {
      toolbar: element("div", "pa-sa-toolbar"),
      note: element("p", "pa-sa-note"),
      message: element("p", "pa-sa-message"),
      print: button("Imprimer", "pa-sa-print"),
      clear: button("Effacer mes réponses", "pa-sa-clear"),
    };
    parts.message.setAttribute("role", "status");
    const actions = element("div", "pa-sa-actions");
    actions.append(parts.print, parts.clear);
    parts.toolbar.append(parts.note, actions, parts.message);
    form.insertBefore(parts.toolbar, form.firstChild);
    return parts;
  }

  // Said once, when the last competence gets its level.
  function completeMessage() {
    const link = element("a", null, "Voir mon bilan");
    link.href = "#sa-bilan";
    return ["Grille complète : votre bilan et vos deux priorités sont affichés après la grille. ", link];
  }

  function enhance(form) {
    if (!window.Passerelles.once(form, "self-assessment")) return;

    const stored = window.Passerelles.store("autopositionnement:" + (form.dataset.course || ""));
    let store = stored.available;
    const fieldsets = Array.from(form.querySelectorAll("fieldset[data-competence]"));
    const areas = Array.from(form.querySelectorAll(".pa-sa-area"));
    const result = form.parentNode.querySelector(".pa-sa-result");
    const toolbar = addToolbar(form);
    const note = toolbar.note;
    const message = toolbar.message;
    const print = toolbar.print;
    const clear = toolbar.clear;

    const saved = load(stored);
    fieldsets.forEach((fieldset) => {
      const value = saved[fieldset.dataset.competence];
      if (typeof value !== "string" && typeof value !== "number") return;
      const inputs = fieldset.querySelectorAll('input[type="radio"]');
      for (let i = 0; i < inputs.length; i += 1) {
        if (inputs[i].value === String(value)) inputs[i].checked = true;
      }
    });

    function current() {
      const answers = {};
      fieldsets.forEach((fieldset) => {
        const checked = fieldset.querySelector('input[type="radio"]:checked');
        if (checked) answers[fieldset.dataset.competence] = checked.value;
      });
      return answers;
    }

    // The note is not a live region: it changes silently at each answer, while the
    // area summaries (aria-live) and the status message say what just happened.
    function describe() {
      let text = answered(Object.keys(current()).length, fieldsets.length) + " au total. ";
      text += store
        ? "Vos réponses sont enregistrées dans ce navigateur, et nulle part ailleurs."
        : "Ce navigateur ne permet pas d'enregistrer vos réponses : imprimez la grille pour les garder.";
      note.textContent = text;
    }

    function tell(text) {
      message.replaceChildren(...(typeof text === "string" ? [text] : text));
    }

    function summarise() {
      areas.forEach((area) => {
        const summary = area.querySelector(".pa-sa-summary");
        if (!summary) return;
        const total = area.querySelectorAll("fieldset[data-competence]").length;
        const count = area.querySelectorAll('fieldset[data-competence] input[type="radio"]:checked').length;
        summary.textContent = answered(count, total);
        summary.hidden = false;
      });
    }

    function save() {
      const answers = current();
      if (!store) return;
      if (!Object.keys(answers).length) {
        stored.remove();
      } else if (!stored.set({ answers, updated: new Date().toISOString() })) {
        store = false;
        tell("Vos réponses n'ont pas pu être enregistrées : imprimez la grille pour les garder.");
      }
    }

    form.addEventListener("change", (event) => {
      if (!event.target || event.target.type !== "radio") return;
      tell("");
      save();
      summarise();
      describe();
      const wasComplete = result !== null && !result.hidden;
      if (result !== null && showResult(form, result) && !wasComplete) tell(completeMessage());
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
    });
    print.addEventListener("click", () => {
      window.print();
    });
    clear.addEventListener("click", () => {
      if (!Object.keys(current()).length) {
        tell("Il n'y a aucune réponse à effacer.");
        return;
      }
      if (!window.confirm("Effacer toutes vos réponses de cette grille ? Elles ne pourront pas être récupérées.")) {
        return;
      }
      fieldsets.forEach((fieldset) => {
        const checked = fieldset.querySelector('input[type="radio"]:checked');
        if (checked) checked.checked = false;
      });
      save();
      summarise();
      describe();
      if (result !== null) showResult(form, result);
      tell("Vos réponses ont été effacées.");
    });

    summarise();
    describe();
    if (result !== null) showResult(form, result);
  }

  function init() {
    const forms = document.querySelectorAll("form.pa-self-assessment");
    for (let i = 0; i < forms.length; i += 1) enhance(forms[i]);
  }

  window.Passerelles.onPage(init);
})();
