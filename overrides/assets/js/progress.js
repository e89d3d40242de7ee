// Course progress, kept in this browser only (one list of lessons done per
// course, « passerelles:progression:COURSE »). Nothing is sent anywhere.
//
// - Lesson page: in the bar after the quiz, « Marquer la leçon comme terminée »,
//   or once done « ✓ Leçon terminée » and a separate « Marquer comme non terminée »;
//   answering every question of the quiz (quiz.js's « passerelles:quiz-done »)
//   marks the lesson done, and says so. The course outline at the top of the page
//   shows which lessons are done.
// - Course home: each lesson's state, « N leçons terminées sur M », the start
//   button turned into « Reprendre : LEÇON » (the first lesson not done), and
//   « Effacer ma progression », which asks first.
(function () {
  "use strict";

  const progressOf = (course) => window.Passerelles.store(`progression:${course}`);

  function load(course) {
    const value = progressOf(course).get([]);
    return Array.isArray(value) ? value.filter((id) => typeof id === "string") : [];
  }

  function save(course, done) {
    if (done.length) progressOf(course).set(done);
    else progressOf(course).remove();
  }

  function countText(done, total) {
    return `${done} ${done > 1 ? "leçons terminées" : "leçon terminée"} sur ${total}`;
  }

  // « ✓ terminée » after a lesson's title: in words, not by the mark alone.
  function markDone(item, done, className) {
    const old = item.querySelector(`.${className}`);
    if (old) old.remove();
    if (!done) return;
    const state = document.createElement("span");
    state.className = className;
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = "✓ ";
    state.append(" — ", icon, "terminée");
    item.appendChild(state);
  }

  // ------------------------------------------------------------------ lesson page

  function renderOutline(course) {
    const done = load(course);
    document.querySelectorAll(`.pa-outline[data-course="${course}"]`).forEach((outline) => {
      const items = Array.from(outline.querySelectorAll(".pa-outline__item[data-lesson]"));
      items.forEach((item) => {
        const isDone = done.includes(item.dataset.lesson);
        item.classList.toggle("pa-outline__item--done", isDone);
        markDone(item, isDone, "pa-outline__state");
      });
      const count = outline.querySelector(".pa-outline__count");
      const finished = items.filter((item) => done.includes(item.dataset.lesson)).length;
      if (count) count.textContent = finished ? `(${finished} sur ${items.length} terminée${finished > 1 ? "s" : ""})` : "";
    });
  }

  function button(className, label) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = label;
    return element;
  }

  // A state, not a toggle: a lesson not done offers « Marquer la leçon comme
  // terminée »; a lesson done says « ✓ Leçon terminée » in words and offers, apart
  // and plainly worded, « Marquer comme non terminée ». The tap that finished the
  // lesson can never be the one that undoes it.
  function enhanceLesson(holder) {
    const [course, lesson, ...rest] = (holder.dataset.lesson || "").split("/");
    if (!course || !lesson || rest.length) return;
    if (!window.Passerelles.once(holder, "progress")) return;
    const finish = button("md-button pa-lesson-done__finish", "Marquer la leçon comme terminée");
    const state = document.createElement("span");
    state.className = "pa-lesson-done__state";
    state.tabIndex = -1;
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = "✓ ";
    state.append(icon, "Leçon terminée");
    const undo = button("pa-lesson-done__undo", "Marquer comme non terminée");
    const status = document.createElement("span");
    status.className = "pa-lesson-done__status";
    status.setAttribute("role", "status");

    function render(message) {
      const done = load(course).includes(lesson);
      holder.dataset.state = done ? "done" : "todo";
      finish.hidden = done;
      state.hidden = !done;
      undo.hidden = !done;
      if (message !== undefined) status.textContent = message;
      renderOutline(course);
    }

    function set(done, message) {
      const list = load(course).filter((id) => id !== lesson);
      save(course, done ? [...list, lesson] : list);
      render(message);
    }

    finish.addEventListener("click", () => {
      set(true, "Leçon marquée comme terminée.");
      state.focus();
    });
    undo.addEventListener("click", () => {
      set(false, "Leçon marquée comme non terminée.");
      finish.focus();
    });
    // The quiz is the lesson's last step: answering all of it finishes the lesson
    // (a quiz restored from an earlier visit does not: the reader may have undone it).
    document.addEventListener("passerelles:quiz-done", (event) => {
      if (event.detail.lesson !== holder.dataset.lesson || !holder.isConnected) return;
      if (event.detail.restored || load(course).includes(lesson)) return;
      set(true, "Quiz terminé : leçon marquée comme terminée.");
    });

    holder.replaceChildren(finish, state, " ", undo, " ", status);
    holder.hidden = false;
    render();
  }

  // ------------------------------------------------------------------ course home

  function lessonLinks() {
    return Array.from(document.querySelectorAll(".pa-lesson-link[data-lesson]"));
  }

  // The start button, or « Reprendre » the first lesson not done: never both.
  function renderStart(count, next) {
    const start = document.querySelector(".pa-start");
    if (!start) return;
    if (!start.dataset.paLabel) {
      start.dataset.paLabel = start.textContent;
      start.dataset.paHref = start.getAttribute("href");
    }
    const target = next && next.querySelector("a[href]");
    if (count && target) {
      start.textContent = `Reprendre : ${target.textContent.trim()}`;
      start.setAttribute("href", target.getAttribute("href"));
    } else if (count) {
      start.textContent = "Revoir la formation depuis le début";
      start.setAttribute("href", start.dataset.paHref);
    } else {
      start.textContent = start.dataset.paLabel;
      start.setAttribute("href", start.dataset.paHref);
    }
  }

  function resetButton(course, holder, count) {
    const reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button pa-progress__reset";
    reset.textContent = "Effacer ma progression";
    reset.addEventListener("click", () => {
      const lessons =
        count > 1
          ? `Les ${count} leçons marquées comme terminées ne le seront plus.`
          : "La leçon marquée comme terminée ne le sera plus.";
      if (!window.confirm(`Effacer votre progression dans cette formation ? ${lessons}`)) return;
      save(course, []);
      enhanceCourse(holder, "Votre progression a été effacée.");
      const summary = holder.querySelector(".pa-progress__count");
      if (summary) summary.focus();
    });
    return reset;
  }

  function enhanceCourse(holder, message) {
    const course = holder.dataset.course;
    const links = lessonLinks();
    if (!course || !links.length) return;
    const done = load(course);
    links.forEach((item) => {
      const isDone = done.includes(item.dataset.lesson);
      item.classList.toggle("pa-lesson-link--done", isDone);
      markDone(item, isDone, "pa-lesson-state");
    });
    const count = links.filter((item) => done.includes(item.dataset.lesson)).length;
    const next = links.find((item) => !done.includes(item.dataset.lesson));
    renderStart(count, next);

    const summary = document.createElement("span");
    summary.className = "pa-progress__count";
    summary.tabIndex = -1;
    summary.textContent = `${countText(count, links.length)}.`;
    const parts = [summary];
    if (count && !next) parts.push(" Vous avez terminé toute la formation.");
    if (count) parts.push(" ", resetButton(course, holder, count));
    const status = document.createElement("span");
    status.className = "pa-progress__status";
    status.setAttribute("role", "status");
    status.textContent = message || "";
    parts.push(" ", status);
    holder.replaceChildren(...parts);
    holder.hidden = false;
  }

  function init() {
    document.querySelectorAll(".pa-lesson-done[data-lesson]").forEach(enhanceLesson);
    document.querySelectorAll(".pa-progress[data-course]").forEach((holder) => {
      if (window.Passerelles.once(holder, "progress")) enhanceCourse(holder);
    });
  }

  window.Passerelles.onPage(init);
})();
