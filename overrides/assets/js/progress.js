// Course progress, kept in this browser only (localStorage, one key per
// course): a « J'ai terminé cette leçon » toggle on each lesson page; on the
// course home, each lesson's state, « N leçons terminées sur M » and a
// « Reprendre » link to the first lesson not done. Nothing is sent anywhere.
(function () {
  "use strict";

  var PREFIX = "passerelles:progression:";

  function load(store, course) {
    try {
      var value = JSON.parse(store.getItem(PREFIX + course) || "[]");
      return Array.isArray(value) ? value.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function save(store, course, done) {
    if (done.length) store.setItem(PREFIX + course, JSON.stringify(done));
    else store.removeItem(PREFIX + course);
  }

  function countText(done, total) {
    return done + (done > 1 ? " leçons terminées" : " leçon terminée") + " sur " + total;
  }

  // ------------------------------------------------------------------ lesson page

  function enhanceLesson(store, holder) {
    if (holder.dataset.paProgress === "ready") return;
    var parts = (holder.dataset.lesson || "").split("/");
    if (parts.length !== 2) return;
    holder.dataset.paProgress = "ready";
    var course = parts[0];
    var lesson = parts[1];

    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button pa-lesson-done__toggle";
    var mark = document.createElement("span");
    mark.className = "pa-lesson-done__mark";
    mark.setAttribute("aria-hidden", "true");
    button.append(mark, "J'ai terminé cette leçon");

    var status = document.createElement("span");
    status.className = "pa-lesson-done__status";
    status.setAttribute("role", "status");

    function render(announce) {
      var done = load(store, course).indexOf(lesson) !== -1;
      button.setAttribute("aria-pressed", done ? "true" : "false");
      mark.textContent = done ? "✓" : "";
      if (announce) {
        status.textContent = done
          ? "Leçon marquée comme terminée."
          : "Leçon marquée comme non terminée.";
      }
    }

    button.addEventListener("click", function () {
      var done = load(store, course);
      var at = done.indexOf(lesson);
      if (at === -1) done.push(lesson);
      else done.splice(at, 1);
      save(store, course, done);
      render(true);
    });

    holder.replaceChildren(button, " ", status);
    holder.hidden = false;
    render(false);
  }

  // ------------------------------------------------------------------ course home

  function enhanceCourse(store, holder) {
    var course = holder.dataset.course;
    if (!course) return;
    var links = Array.prototype.slice.call(
      document.querySelectorAll(".pa-lesson-link[data-lesson]")
    );
    if (!links.length) return;
    var total = links.length;

    var done = load(store, course);
    links.forEach(function (item) {
      var old = item.querySelector(".pa-lesson-state");
      if (old) old.remove();
      if (done.indexOf(item.dataset.lesson) === -1) {
        item.classList.remove("pa-lesson-link--done");
        return;
      }
      item.classList.add("pa-lesson-link--done");
      var state = document.createElement("span");
      state.className = "pa-lesson-state";
      var icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = "✓ ";
      state.append(" — ", icon, "terminée");
      item.appendChild(state);
    });

    var count = links.filter(function (item) {
      return done.indexOf(item.dataset.lesson) !== -1;
    }).length;
    var next = links.find(function (item) {
      return done.indexOf(item.dataset.lesson) === -1;
    });

    var summary = document.createElement("span");
    summary.className = "pa-progress__count";
    summary.textContent = countText(count, total) + ".";
    var parts = [summary];
    if (count && next) {
      var target = next.querySelector("a[href]");
      if (target) {
        var resume = document.createElement("a");
        resume.className = "md-button pa-progress__resume";
        resume.href = target.getAttribute("href");
        resume.textContent = "Reprendre : " + target.textContent;
        parts.push(" ", resume);
      }
    } else if (count && !next) {
      var all = document.createElement("span");
      all.className = "pa-progress__all";
      all.textContent = " Vous avez terminé toute la formation.";
      parts.push(all);
    }
    if (count) {
      var reset = document.createElement("button");
      reset.type = "button";
      reset.className = "md-button pa-progress__reset";
      reset.textContent = "Effacer ma progression";
      reset.addEventListener("click", function () {
        save(store, course, []);
        enhanceCourse(store, holder);
        var message = holder.querySelector(".pa-progress__count");
        if (message) message.focus();
      });
      parts.push(" ", reset);
    }
    summary.tabIndex = -1;
    holder.replaceChildren.apply(holder, parts);
    holder.hidden = false;
  }

  function init() {
    var store = window.Passerelles.storage();
    if (!store) return;
    document.querySelectorAll(".pa-lesson-done[data-lesson]").forEach(function (holder) {
      enhanceLesson(store, holder);
    });
    document.querySelectorAll(".pa-progress[data-course]").forEach(function (holder) {
      enhanceCourse(store, holder);
    });
  }

  window.Passerelles.onPage(init);
})();
