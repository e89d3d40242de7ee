// Quiz of a lesson page: a « Vérifier » button per question shows the chosen
// choice's feedback (right or wrong, in words) and the explanation. A question
// with several right choices comes as checkboxes (data-multiple): it is right
// when every right choice and no wrong one is checked.
//
// Once every question has been checked, the quiz shows its score, « N bonnes
// réponses sur M », in its .pa-quiz__score live region, counting each question's
// first check (as the SCORM package does: trying again after reading the feedback
// teaches, it does not score), and tells the page with a « passerelles:quiz-done »
// event (progress.js marks the lesson done).
//
// Without JavaScript every answer is in the « Réponse à la question N »
// disclosure under the question. With JavaScript that disclosure is hidden
// until the question has been checked once: a self-check quiz whose answer sits
// one click away from the question invites reading it before trying. After the
// first check it comes back, as the place to read every choice's feedback.
//
// A quiz marked data-remember (the site's lessons, not the course packages, whose
// platform keeps the learner's attempt) keeps each question's checked choices and
// first verdict in this browser (« passerelles:quiz:COURSE/LESSON »): coming back
// shows the answers, their feedback and the score again. The event of a restored
// quiz says so (detail.restored): it does not finish the lesson a second time.
(function () {
  "use strict";

  function answersOf(form) {
    const next = form.nextElementSibling;
    return next && next.matches("details.pa-answers") ? next : null;
  }

  // The disclosure is rendered as: summary, list of feedbacks, explanation.
  function explanationOf(details) {
    if (!details) return [];
    const children = Array.from(details.children);
    const list = children.findIndex((child) => child.tagName === "UL");
    return children.slice(list + 1).map((child) => child.cloneNode(true));
  }

  function paragraph(className, text) {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function clearMarks(form) {
    form.querySelectorAll(".pa-choice").forEach((choice) => {
      choice.classList.remove("pa-choice--right", "pa-choice--wrong");
    });
  }

  const isRight = (input) => input.dataset.correct === "true";

  // "right", "partial" or "wrong" for the checked inputs of a question.
  function verdictOf(form, inputs, chosen) {
    const wrong = chosen.some((input) => !isRight(input));
    const missing = inputs.some((input) => isRight(input) && !input.checked);
    const multiple = form.dataset.multiple === "true";
    if (!wrong && (!multiple || !missing)) return "right";
    return wrong ? "wrong" : "partial";
  }

  function verdictText(verdict, multiple) {
    if (verdict === "right") return "Bonne réponse.";
    if (verdict === "partial") {
      return "C'est juste, mais il y a d'autres bonnes réponses : cochez-les aussi.";
    }
    return multiple
      ? "Ce n'est pas la bonne réponse : au moins un choix coché est faux."
      : "Ce n'est pas la bonne réponse. Vous pouvez en choisir une autre.";
  }

  // One feedback per checked choice, each with the choice it answers.
  function feedbackList(form, chosen) {
    const list = document.createElement("ul");
    list.className = "pa-question__feedback";
    chosen.forEach((input) => {
      const item = document.createElement("li");
      const label = form.querySelector(`label[for="${input.id}"]`);
      const text = label ? label.textContent.trim() : "";
      item.textContent = `« ${text} » : ${input.dataset.feedback || ""}`;
      list.appendChild(item);
    });
    return list;
  }

  function resultParts(form, chosen, verdict, explanation) {
    const multiple = form.dataset.multiple === "true";
    const parts = [paragraph("pa-question__verdict", verdictText(verdict, multiple))];
    parts.push(
      multiple
        ? feedbackList(form, chosen)
        : paragraph("pa-question__feedback", chosen[0].dataset.feedback || "")
    );
    if (explanation.length) {
      const box = document.createElement("div");
      box.className = "pa-question__explanation";
      explanation.forEach((node) => box.appendChild(node.cloneNode(true)));
      parts.push(box);
    }
    return parts;
  }

  function scoreText(right, total) {
    const answers = right > 1 ? "bonnes réponses" : "bonne réponse";
    return `Votre résultat : ${right} ${answers} sur ${total} à la première vérification.`;
  }

  // Once each question has been checked: the score, in the holder the page gives
  // (the course packages write their own), and the event.
  function finish(quiz, restored) {
    const forms = Array.from(quiz.querySelectorAll("form.pa-question"));
    if (quiz.dataset.paScored === "true") return;
    if (!forms.every((form) => form.dataset.paFirst)) return;
    quiz.dataset.paScored = "true";
    const right = forms.filter((form) => form.dataset.paFirst === "right").length;
    const score = quiz.querySelector(".pa-quiz__score");
    if (score) score.replaceChildren(paragraph("pa-quiz__score-text", scoreText(right, forms.length)));
    const detail = { lesson: quiz.dataset.lesson || "", right, total: forms.length, restored };
    quiz.dispatchEvent(new CustomEvent("passerelles:quiz-done", { bubbles: true, detail }));
  }

  function addControls(form) {
    const actions = document.createElement("div");
    actions.className = "pa-question__actions";
    const button = document.createElement("button");
    button.type = "submit";
    button.className = "md-button pa-question__check";
    button.textContent = "Vérifier";
    actions.appendChild(button);
    form.appendChild(actions);

    const result = document.createElement("div");
    result.className = "pa-question__result";
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");
    form.appendChild(result);
    return result;
  }

  // Shows the verdict of the checked choices; false when none is checked.
  function check(form, result, details, explanation) {
    clearMarks(form);
    const inputs = Array.from(form.querySelectorAll("input[data-correct]"));
    const chosen = inputs.filter((input) => input.checked);
    if (!chosen.length) {
      result.dataset.verdict = "none";
      result.replaceChildren(
        paragraph("pa-question__verdict", "Choisissez une réponse, puis cliquez sur « Vérifier ».")
      );
      return false;
    }
    chosen.forEach((input) => {
      const choice = input.closest(".pa-choice");
      if (choice) choice.classList.add(isRight(input) ? "pa-choice--right" : "pa-choice--wrong");
    });
    const verdict = verdictOf(form, inputs, chosen);
    result.dataset.verdict = verdict;
    result.replaceChildren(...resultParts(form, chosen, verdict, explanation));
    if (details) details.hidden = false;
    if (!form.dataset.paFirst) form.dataset.paFirst = verdict;
    return true;
  }

  // Sets up one question; returns how to show a remembered answer again.
  function enhance(form, onChecked) {
    const details = answersOf(form);
    const explanation = explanationOf(details);
    if (details) details.hidden = true;
    const result = addControls(form);

    form.addEventListener("change", () => {
      clearMarks(form);
      result.replaceChildren();
      result.removeAttribute("data-verdict");
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (check(form, result, details, explanation)) onChecked();
    });

    return (saved) => {
      form.querySelectorAll("input[data-correct]").forEach((input) => {
        input.checked = saved.values.includes(input.value);
      });
      form.dataset.paFirst = saved.first;
      check(form, result, details, explanation);
    };
  }

  // The answers kept for a quiz: one entry per question, {values, first}, or null.
  function rememberedOf(quiz) {
    if (quiz.dataset.remember !== "true" || !quiz.dataset.lesson) return null;
    return window.Passerelles.store(`quiz:${quiz.dataset.lesson}`);
  }

  function snapshot(forms) {
    return forms.map((form) => {
      if (!form.dataset.paFirst) return null;
      const checked = Array.from(form.querySelectorAll("input[data-correct]:checked"));
      return { values: checked.map((input) => input.value), first: form.dataset.paFirst };
    });
  }

  const VERDICTS = ["right", "partial", "wrong"];
  const isSaved = (entry) =>
    entry && Array.isArray(entry.values) && entry.values.length && VERDICTS.includes(entry.first);

  function enhanceQuiz(quiz) {
    if (!window.Passerelles.once(quiz, "quiz-score")) return;
    const forms = Array.from(quiz.querySelectorAll("form.pa-question"));
    const memory = rememberedOf(quiz);
    const restorers = forms.map((form) =>
      enhance(form, () => {
        if (memory) memory.set(snapshot(forms));
        finish(quiz, false);
      })
    );
    const saved = memory ? memory.get([]) : [];
    if (!Array.isArray(saved) || !saved.length || saved.length !== forms.length) return;
    saved.forEach((entry, index) => {
      if (isSaved(entry)) restorers[index](entry);
    });
    finish(quiz, true);
  }

  function init() {
    document.querySelectorAll(".pa-quiz").forEach(enhanceQuiz);
  }

  window.Passerelles.onPage(init);
})();
