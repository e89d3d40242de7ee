// Self-assessment grid (page « autopositionnement » of a course).
// The form is rendered by generator/templates/self_assessment.md.j2 and works on
// paper without this script. The script keeps the answers in localStorage (one key
// per course), restores them on load, shows how many competences are answered per
// area, and offers « Imprimer » and « Effacer mes réponses ».
(function () {
  "use strict";

  var PREFIX = "passerelles:autopositionnement:";

  // Stored as {"answers": {competence id: level number}, "updated": ISO date}.
  function load(store, key) {
    if (!store) return {};
    try {
      var data = JSON.parse(store.getItem(key) || "null");
      if (data && typeof data.answers === "object" && data.answers !== null) return data.answers;
    } catch (error) {
      // unreadable data: start again from an empty grid
    }
    return {};
  }

  function plural(count, singular, pluralForm) {
    return count > 1 ? pluralForm : singular;
  }

  function answered(count, total) {
    return count + " " + plural(count, "compétence", "compétences") + " sur " + total + " " +
      plural(count, "renseignée", "renseignées");
  }

  function button(label, extra) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "md-button pa-sa-button " + extra;
    element.textContent = label;
    return element;
  }

  function enhance(form) {
    if (form.dataset.paEnhanced === "true") return;
    form.dataset.paEnhanced = "true";

    var store = window.Passerelles.storage();
    var key = PREFIX + (form.dataset.course || "");
    var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-competence]"));
    var areas = Array.prototype.slice.call(form.querySelectorAll(".pa-sa-area"));

    var toolbar = document.createElement("div");
    toolbar.className = "pa-sa-toolbar";
    var note = document.createElement("p");
    note.className = "pa-sa-note";
    var message = document.createElement("p");
    message.className = "pa-sa-message";
    message.setAttribute("role", "status");
    var actions = document.createElement("div");
    actions.className = "pa-sa-actions";
    var print = button("Imprimer", "pa-sa-print");
    var clear = button("Effacer mes réponses", "pa-sa-clear");
    actions.appendChild(print);
    actions.appendChild(clear);
    toolbar.appendChild(note);
    toolbar.appendChild(actions);
    toolbar.appendChild(message);
    form.insertBefore(toolbar, form.firstChild);

    var saved = load(store, key);
    fieldsets.forEach(function (fieldset) {
      var value = saved[fieldset.dataset.competence];
      if (typeof value !== "string" && typeof value !== "number") return;
      var inputs = fieldset.querySelectorAll('input[type="radio"]');
      for (var i = 0; i < inputs.length; i += 1) {
        if (inputs[i].value === String(value)) inputs[i].checked = true;
      }
    });

    function current() {
      var answers = {};
      fieldsets.forEach(function (fieldset) {
        var checked = fieldset.querySelector('input[type="radio"]:checked');
        if (checked) answers[fieldset.dataset.competence] = checked.value;
      });
      return answers;
    }

    // The note is not a live region: it changes silently at each answer, while the
    // area summaries (aria-live) and the status message say what just happened.
    function describe() {
      var text = answered(Object.keys(current()).length, fieldsets.length) + " au total. ";
      text += store
        ? "Vos réponses sont enregistrées dans ce navigateur, et nulle part ailleurs."
        : "Ce navigateur ne permet pas d'enregistrer vos réponses : imprimez la grille pour les garder.";
      note.textContent = text;
    }

    function tell(text) {
      message.textContent = text;
    }

    function summarise() {
      areas.forEach(function (area) {
        var summary = area.querySelector(".pa-sa-summary");
        if (!summary) return;
        var total = area.querySelectorAll("fieldset[data-competence]").length;
        var count = area.querySelectorAll('fieldset[data-competence] input[type="radio"]:checked').length;
        summary.textContent = answered(count, total);
        summary.hidden = false;
      });
    }

    function save() {
      var answers = current();
      if (!store) return;
      try {
        if (Object.keys(answers).length) {
          store.setItem(key, JSON.stringify({ answers: answers, updated: new Date().toISOString() }));
        } else {
          store.removeItem(key);
        }
      } catch (error) {
        store = null;
        tell("Vos réponses n'ont pas pu être enregistrées : imprimez la grille pour les garder.");
      }
    }

    form.addEventListener("change", function (event) {
      if (!event.target || event.target.type !== "radio") return;
      tell("");
      save();
      summarise();
      describe();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    print.addEventListener("click", function () {
      window.print();
    });
    clear.addEventListener("click", function () {
      if (!Object.keys(current()).length) {
        tell("Il n'y a aucune réponse à effacer.");
        return;
      }
      if (!window.confirm("Effacer toutes vos réponses de cette grille ? Elles ne pourront pas être récupérées.")) {
        return;
      }
      fieldsets.forEach(function (fieldset) {
        var checked = fieldset.querySelector('input[type="radio"]:checked');
        if (checked) checked.checked = false;
      });
      save();
      summarise();
      describe();
      tell("Vos réponses ont été effacées.");
    });

    summarise();
    describe();
  }

  function init() {
    var forms = document.querySelectorAll("form.pa-self-assessment");
    for (var i = 0; i < forms.length; i += 1) enhance(forms[i]);
  }

  window.Passerelles.onPage(init);
})();
