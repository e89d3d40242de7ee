// Quiz of a lesson page: a « Vérifier » button per question shows the chosen
// choice's feedback (right or wrong, in words) and the explanation. A question
// with several right choices comes as checkboxes (data-multiple): it is right
// when every right choice and no wrong one is checked.
//
// Without JavaScript every answer is in the « Réponse à la question N »
// disclosure under the question. With JavaScript that disclosure is hidden
// until the question has been checked once: a self-check quiz whose answer sits
// one click away from the question invites reading it before trying. After the
// first check it comes back, as the place to read every choice's feedback.
(function () {
  "use strict";

  function answersOf(form) {
    var next = form.nextElementSibling;
    return next && next.matches("details.pa-answers") ? next : null;
  }

  // The disclosure is rendered as: summary, list of feedbacks, explanation.
  function explanationOf(details) {
    var nodes = [];
    if (!details) return nodes;
    var children = Array.prototype.slice.call(details.children);
    var list = children.findIndex(function (child) {
      return child.tagName === "UL";
    });
    children.slice(list + 1).forEach(function (child) {
      nodes.push(child.cloneNode(true));
    });
    return nodes;
  }

  function paragraph(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function clearMarks(form) {
    form.querySelectorAll(".pa-choice").forEach(function (choice) {
      choice.classList.remove("pa-choice--right", "pa-choice--wrong");
    });
  }

  function enhance(form) {
    if (form.dataset.paQuiz === "ready") return;
    form.dataset.paQuiz = "ready";
    var details = answersOf(form);
    var explanation = explanationOf(details);
    if (details) details.hidden = true;

    var actions = document.createElement("div");
    actions.className = "pa-question__actions";
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "md-button pa-question__check";
    button.textContent = "Vérifier";
    actions.appendChild(button);
    form.appendChild(actions);

    var result = document.createElement("div");
    result.className = "pa-question__result";
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");
    form.appendChild(result);

    form.addEventListener("change", function () {
      clearMarks(form);
      result.replaceChildren();
      result.removeAttribute("data-verdict");
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearMarks(form);
      var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-correct]"));
      var chosen = inputs.filter(function (input) {
        return input.checked;
      });
      if (!chosen.length) {
        result.dataset.verdict = "none";
        result.replaceChildren(
          paragraph("pa-question__verdict", "Choisissez une réponse, puis cliquez sur « Vérifier ».")
        );
        return;
      }
      var isRight = function (input) {
        return input.dataset.correct === "true";
      };
      chosen.forEach(function (input) {
        var choice = input.closest(".pa-choice");
        if (choice) choice.classList.add(isRight(input) ? "pa-choice--right" : "pa-choice--wrong");
      });
      var wrong = chosen.some(function (input) {
        return !isRight(input);
      });
      var missing = inputs.some(function (input) {
        return isRight(input) && !input.checked;
      });
      var multiple = form.dataset.multiple === "true";
      var verdict;
      if (!wrong && (!multiple || !missing)) {
        result.dataset.verdict = "right";
        verdict = "Bonne réponse.";
      } else if (!wrong) {
        result.dataset.verdict = "partial";
        verdict = "C'est juste, mais il y a d'autres bonnes réponses : cochez-les aussi.";
      } else {
        result.dataset.verdict = "wrong";
        verdict = multiple
          ? "Ce n'est pas la bonne réponse : au moins un choix coché est faux."
          : "Ce n'est pas la bonne réponse. Vous pouvez en choisir une autre.";
      }
      var parts = [paragraph("pa-question__verdict", verdict)];
      if (multiple) {
        // One feedback per checked choice, each with the choice it answers.
        var list = document.createElement("ul");
        list.className = "pa-question__feedback";
        chosen.forEach(function (input) {
          var item = document.createElement("li");
          var label = form.querySelector('label[for="' + input.id + '"]');
          item.textContent =
            "« " + (label ? label.textContent.trim() : "") + " » : " + (input.dataset.feedback || "");
          list.appendChild(item);
        });
        parts.push(list);
      } else {
        parts.push(paragraph("pa-question__feedback", chosen[0].dataset.feedback || ""));
      }
      if (explanation.length) {
        var box = document.createElement("div");
        box.className = "pa-question__explanation";
        explanation.forEach(function (node) {
          box.appendChild(node.cloneNode(true));
        });
        parts.push(box);
      }
      result.replaceChildren.apply(result, parts);
      if (details) details.hidden = false;
    });
  }

  function init() {
    document.querySelectorAll(".pa-quiz form.pa-question").forEach(enhance);
  }

  window.Passerelles.onPage(init);
})();
