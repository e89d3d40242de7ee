// Week planner: checks each day against the limits written on the form
// (data-max-day, data-max-week, data-earliest, data-latest, data-break-after,
// data-break-minutes, and data-min-rest when set) as the tutor types, ties each
// French message to its field
// (aria-invalid, aria-describedby), keeps the plan in this browser only
// (localStorage) and fills the printable sheet under the form. With
// data-rest-days, the week (Monday to Saturday, Sunday without presence) keeps
// that many consecutive days of rest. The sample weeks above the form
// (details.pa-sample, a table each) are copied into it on request.
(function () {
  "use strict";

  const TEXT_FIELDS = ["service", "person", "activity"];
  const TIME_FIELDS = ["start", "breakStart", "breakEnd", "end"];

  function minutesOf(value) {
    const match = /^(\d{1,2}):(\d{2})/.exec(value || "");
    return match ? Number(match[1]) * 60 + Number(match[2]) : null;
  }

  // « 45 min », « 7 h », « 6 h 30 »: the way the page writes durations.
  function duration(total) {
    const hours = Math.floor(total / 60);
    const rest = total % 60;
    if (!total) return "0 h";
    if (!hours) return rest + " min";
    return hours + " h" + (rest ? " " + String(rest).padStart(2, "0") : "");
  }

  // « 06:00 » → « 6 h », « 16:30 » → « 16 h 30 ».
  function clock(total) {
    const hours = Math.floor(total / 60);
    const rest = total % 60;
    return hours + " h" + (rest ? " " + String(rest).padStart(2, "0") : "");
  }

  function limitsOf(form) {
    const data = form.dataset;
    return {
      maxDay: Math.round(parseFloat(data.maxDay) * 60),
      maxWeek: Math.round(parseFloat(data.maxWeek) * 60),
      earliest: minutesOf(data.earliest),
      latest: minutesOf(data.latest),
      breakAfter: Math.round(parseFloat(data.breakAfter) * 60),
      breakMinutes: parseInt(data.breakMinutes, 10),
      // The daily rest between two days is optional: null when the form does not set it.
      minRest: data.minRest ? Math.round(parseFloat(data.minRest) * 60) : null,
      restDays: data.restDays ? parseInt(data.restDays, 10) : null,
    };
  }

  function readDay(fieldset) {
    const day = {};
    TEXT_FIELDS.concat(TIME_FIELDS).forEach((name) => {
      const input = fieldset.querySelector('[data-field="' + name + '"]');
      day[name] = input ? input.value.trim() : "";
    });
    return day;
  }

  // The problems of one day, by field, and the time spent there (break excluded).
  function checkDay(day, limits) {
    const messages = { start: [], breakStart: [], breakEnd: [], end: [] };
    const start = minutesOf(day.start);
    const end = minutesOf(day.end);
    const breakStart = minutesOf(day.breakStart);
    const breakEnd = minutesOf(day.breakEnd);

    if (start !== null && start < limits.earliest) {
      messages.start.push(
        "Arrivée trop tôt : aucune présence n'est permise avant " + clock(limits.earliest) + "."
      );
    }
    if (end !== null && end > limits.latest) {
      messages.end.push(
        "Départ trop tard : aucune présence n'est permise après " + clock(limits.latest) + "."
      );
    }
    // A day still being typed is not nagged about: the checks below need both ends.
    if (start === null || end === null) return { messages, worked: null };
    if ((breakStart === null) !== (breakEnd === null)) {
      messages[breakStart === null ? "breakStart" : "breakEnd"].push(
        "Indiquez le début et la fin de la pause."
      );
    }
    if (end <= start) {
      messages.end.push("Le départ doit être après l'arrivée.");
      return { messages, worked: null };
    }

    let pause = 0;
    let hasBreak = breakStart !== null && breakEnd !== null;
    if (hasBreak) {
      if (breakEnd <= breakStart) {
        messages.breakEnd.push("La fin de la pause doit être après son début.");
        hasBreak = false;
      } else if (breakStart < start || breakEnd > end) {
        messages.breakStart.push("La pause doit avoir lieu entre l'arrivée et le départ.");
        hasBreak = false;
      } else {
        pause = breakEnd - breakStart;
      }
    }
    const worked = end - start - pause;

    if (worked > limits.maxDay) {
      messages.end.push(
        duration(worked) +
          " de présence (pause déduite) : c'est plus que la limite de " +
          duration(limits.maxDay) +
          " par jour. Avancez le départ ou retardez l'arrivée."
      );
    }
    if (worked >= limits.breakAfter) {
      if (!hasBreak) {
        messages.breakStart.push(
          "Journée de " +
            duration(worked) +
            " : une pause d'au moins " +
            limits.breakMinutes +
            " minutes est obligatoire dès " +
            duration(limits.breakAfter) +
            " de présence."
        );
      } else if (pause < limits.breakMinutes) {
        messages.breakEnd.push(
          "Pause de " +
            duration(pause) +
            " : il faut au moins " +
            limits.breakMinutes +
            " minutes d'affilée dès " +
            duration(limits.breakAfter) +
            " de présence."
        );
      }
    }
    if (hasBreak) {
      if (breakStart - start > limits.breakAfter) {
        messages.breakStart.push(
          duration(breakStart - start) +
            " d'affilée avant la pause : pas plus de " +
            duration(limits.breakAfter) +
            " sans pause. Avancez la pause."
        );
      }
      if (end - breakEnd > limits.breakAfter) {
        messages.breakEnd.push(
          duration(end - breakEnd) +
            " d'affilée après la pause : pas plus de " +
            duration(limits.breakAfter) +
            " sans pause."
        );
      }
    }
    return { messages, worked };
  }

  // The daily rest between two consecutive days that both have times: from the
  // departure of day N to the arrival of day N+1, tied to that arrival.
  function checkRest(plan, results, limits) {
    if (limits.minRest === null || isNaN(limits.minRest)) return;
    for (let index = 1; index < plan.length; index++) {
      const end = minutesOf(plan[index - 1].end);
      const start = minutesOf(plan[index].start);
      if (end === null || start === null) continue;
      const rest = 24 * 60 - end + start;
      if (rest < limits.minRest) {
        results[index].messages.start.push(
          "Repos trop court : " +
            duration(rest) +
            " seulement entre le départ de la veille à " +
            clock(end) +
            " et cette arrivée. Il faut au moins " +
            duration(limits.minRest) +
            " de repos d'affilée : retardez l'arrivée ou avancez le départ de la veille."
        );
      }
    }
  }

  function present(day) {
    return Boolean(day.start || day.end);
  }

  function isEmpty(plan) {
    return plan.every((day) => Object.keys(day).every((name) => !day[name]));
  }

  // The weekly rest: the planner's days and a Sunday without presence, as a cycle
  // (the Sunday and the Monday after it are consecutive), need a run of restDays
  // days without presence. Only a Saturday of presence can break it: the message
  // goes there.
  function checkWeeklyRest(plan, results, limits) {
    if (!limits.restDays || plan.length < 6) return;
    const week = plan.map(present).concat([false]);
    const found = week.some((_, first) => {
      for (let step = 0; step < limits.restDays; step++) {
        if (week[(first + step) % week.length]) return false;
      }
      return true;
    });
    if (found) return;
    results[5].messages.start.push(
      "Samedi de présence : l'élève doit garder " +
        limits.restDays +
        " jours de repos consécutifs dans la semaine. Avec le dimanche, laissez le lundi sans présence."
    );
  }

  function messageFor(input) {
    const id = input.id + "-message";
    let element = document.getElementById(id);
    if (!element) {
      element = document.createElement("p");
      element.id = id;
      element.className = "pa-field__message";
      element.hidden = true;
      input.closest(".pa-field").appendChild(element);
    }
    return element;
  }

  function showMessages(input, list) {
    const element = messageFor(input);
    if (list.length) {
      element.textContent = list.join(" ");
      element.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", element.id);
    } else {
      element.textContent = "";
      element.hidden = true;
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }

  function setCell(row, name, text) {
    const cell = row && row.querySelector('[data-cell="' + name + '"]');
    if (cell) cell.textContent = text;
  }

  function enhance(form) {
    if (!window.Passerelles.once(form, "planner")) return;
    const store = window.Passerelles.store("planning:" + (form.dataset.course || "planning"));
    const limits = limitsOf(form);
    const days = Array.from(form.querySelectorAll("fieldset.pa-day"));
    const sheet = document.querySelector(".pa-planner-sheet");

    days.forEach((fieldset) => {
      const total = document.createElement("p");
      total.className = "pa-day__total";
      fieldset.appendChild(total);
    });

    const summary = document.createElement("div");
    summary.className = "pa-planner__summary";
    const week = document.createElement("p");
    week.className = "pa-planner__week";
    week.id = "pa-planner-week";
    const status = document.createElement("p");
    status.className = "pa-planner__status";
    status.setAttribute("role", "status");
    const actions = document.createElement("p");
    actions.className = "pa-planner__actions";
    const print = document.createElement("button");
    print.type = "button";
    print.className = "md-button md-button--primary";
    print.textContent = "Imprimer le planning";
    print.addEventListener("click", () => {
      window.print();
    });
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button";
    clear.textContent = "Effacer le planning";
    clear.addEventListener("click", () => {
      if (!window.confirm("Effacer tout le planning de la semaine ?")) return;
      form.querySelectorAll("input").forEach((input) => {
        input.value = "";
      });
      store.remove();
      update(false);
      status.textContent = "Le planning a été effacé.";
    });
    actions.append(print, " ", clear);
    summary.append(week, status, actions);
    form.appendChild(summary);

    const warning = document.createElement("p");
    warning.className = "pa-planner-sheet__warning";
    if (sheet) sheet.insertAdjacentElement("afterend", warning);

    function update(persist) {
      const plan = [];
      let weekMinutes = 0;
      const problems = [];
      const results = days.map((fieldset) => {
        const day = readDay(fieldset);
        plan.push(day);
        return checkDay(day, limits);
      });
      checkRest(plan, results, limits);
      checkWeeklyRest(plan, results, limits);
      days.forEach((fieldset, index) => {
        const day = plan[index];
        const result = results[index];
        let count = 0;
        TIME_FIELDS.forEach((name) => {
          const input = fieldset.querySelector('[data-field="' + name + '"]');
          if (!input) return;
          showMessages(input, result.messages[name]);
          count += result.messages[name].length;
        });
        const label = fieldset.querySelector("legend").textContent;
        if (count) problems.push(label);
        if (result.worked !== null) weekMinutes += result.worked;
        fieldset.querySelector(".pa-day__total").textContent =
          "Présence : " + (result.worked === null ? "—" : duration(result.worked));
        fieldset.classList.toggle("pa-day--invalid", count > 0);

        const row = sheet && sheet.querySelector('tbody tr[data-day="' + (index + 1) + '"]');
        setCell(row, "hours", day.start && day.end ? clock(minutesOf(day.start)) + " – " + clock(minutesOf(day.end)) : "");
        setCell(
          row,
          "break",
          day.breakStart && day.breakEnd
            ? clock(minutesOf(day.breakStart)) + " – " + clock(minutesOf(day.breakEnd))
            : ""
        );
        setCell(row, "worked", result.worked === null ? "" : duration(result.worked));
        TEXT_FIELDS.forEach((name) => {
          setCell(row, name, day[name]);
        });
      });

      // A day left empty in a plan that has others is not printed: the sheet keeps to
      // one page; an empty plan prints every day, a blank grid to fill in by hand.
      const planEmpty = isEmpty(plan);
      days.forEach((fieldset, index) => {
        const row = sheet && sheet.querySelector('tbody tr[data-day="' + (index + 1) + '"]');
        if (row) row.classList.toggle("pa-planner-sheet__row--empty", !planEmpty && isEmpty([plan[index]]));
      });

      const overWeek = weekMinutes > limits.maxWeek;
      week.textContent =
        "Total de la semaine : " +
        duration(weekMinutes) +
        " de présence, pour " +
        duration(limits.maxWeek) +
        " au plus." +
        (overWeek ? " C'est trop : réduisez les horaires d'une ou plusieurs journées." : "");
      week.classList.toggle("pa-planner__week--invalid", overWeek);
      if (overWeek) problems.push("la semaine");

      const empty = planEmpty;
      const text = problems.length
        ? "À corriger : " + problems.join(", ") + "."
        : empty
          ? "Le planning est vide : saisissez les horaires d'au moins une journée, ou reprenez un exemple."
          : "Le planning respecte les limites.";
      if (status.textContent !== text) status.textContent = text;

      setCell(sheet, "total", duration(weekMinutes) + " de présence (au plus " + duration(limits.maxWeek) + ")");
      warning.textContent = problems.length
        ? "Attention : ce planning dépasse les limites (" + problems.join(", ") + "). Corrigez-le avant de le joindre à la convention."
        : "";
      warning.hidden = !problems.length;

      if (persist) {
        if (empty) store.remove();
        else store.set({ version: 1, days: plan });
      }
      return text;
    }

    const saved = store.get(null);
    if (saved && Array.isArray(saved.days)) {
      days.forEach((fieldset, index) => {
        const day = saved.days[index] || {};
        TEXT_FIELDS.concat(TIME_FIELDS).forEach((name) => {
          const input = fieldset.querySelector('[data-field="' + name + '"]');
          if (input && typeof day[name] === "string") input.value = day[name];
        });
      });
    }

    function fill(row) {
      const fieldset = days[parseInt(row.dataset.sampleDay, 10) - 1];
      if (!fieldset) return null;
      const values = {
        start: row.dataset.start || "",
        breakStart: row.dataset.breakStart || "",
        breakEnd: row.dataset.breakEnd || "",
        end: row.dataset.end || "",
      };
      TEXT_FIELDS.forEach((name) => {
        const cell = row.querySelector('[data-field="' + name + '"]');
        values[name] = cell ? cell.textContent.trim() : "";
      });
      Object.keys(values).forEach((name) => {
        const input = fieldset.querySelector('[data-field="' + name + '"]');
        if (input) input.value = values[name];
      });
      return fieldset;
    }

    document.querySelectorAll("details.pa-sample").forEach((sample) => {
      if (!window.Passerelles.once(sample, "planner-sample")) return;
      const title = sample.querySelector("summary").textContent.replace(/^Exemple : /, "");
      const use = document.createElement("button");
      use.type = "button";
      use.className = "md-button pa-sample__use";
      use.textContent = "Reprendre cet exemple dans le planning";
      use.addEventListener("click", () => {
        const current = days.map(readDay);
        if (!isEmpty(current) && !window.confirm("Remplacer le planning en cours par cet exemple ?")) {
          return;
        }
        form.querySelectorAll("input").forEach((input) => {
          input.value = "";
        });
        const filled = Array.from(sample.querySelectorAll("tbody tr[data-sample-day]"), fill);
        const verdict = update(true);
        status.textContent = "Exemple repris (" + title + ") : " + verdict + " Adaptez chaque journée à votre structure.";
        const first = filled.filter(Boolean)[0];
        if (first) first.querySelector("input").focus();
      });
      const holder = document.createElement("p");
      holder.appendChild(use);
      sample.appendChild(holder);
    });

    form.addEventListener("input", () => {
      update(true);
    });
    form.addEventListener("change", () => {
      update(true);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
    });
    update(false);
  }

  function init() {
    document.querySelectorAll("form.pa-planner").forEach(enhance);
  }

  window.Passerelles.onPage(init);
})();
