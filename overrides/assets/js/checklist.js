/*
 * Checklists of the action pages (.pa-checklist): the task list that
 * pymdownx.tasklist renders with disabled checkboxes becomes tickable, with the
 * mouse (on the box or the text) and with the keyboard (Tab, Space). What is
 * ticked is kept in this browser only (localStorage), per page and per item
 * text. Without JavaScript the boxes stay empty and print as empty boxes.
 */
(function () {
  "use strict";

  function load(stored) {
    const saved = stored.get({});
    return saved && typeof saved === "object" && !Array.isArray(saved) ? saved : {};
  }

  function save(stored, state) {
    if (Object.keys(state).length) {
      stored.set(state);
    } else {
      stored.remove();
    }
  }

  function setup(list, index) {
    if (!window.Passerelles.once(list, "checklist")) return;
    const key = window.Passerelles.store("checklist:" + window.location.pathname + "#" + index);
    let state = load(key);
    const boxes = [];

    Array.prototype.forEach.call(list.querySelectorAll(".task-list-item"), function (item) {
      const control = item.querySelector(".task-list-control");
      const box = control && control.querySelector("input[type=checkbox]");
      if (!box) {
        return;
      }
      // Move the item's text into its <label>: the text names the checkbox and
      // a click on it ticks the box.
      const text = document.createElement("span");
      text.className = "pa-checklist__text";
      while (control.nextSibling) {
        text.appendChild(control.nextSibling);
      }
      control.appendChild(text);
      control.classList.add("pa-checklist__control");
      const label = text.textContent.replace(/\s+/g, " ").trim();
      box.removeAttribute("disabled");
      box.checked = state[label] === true;
      box.addEventListener("change", function () {
        if (box.checked) {
          state[label] = true;
        } else {
          delete state[label];
        }
        save(key, state);
        refresh();
      });
      boxes.push(box);
    });
    if (!boxes.length) {
      return;
    }

    const tools = document.createElement("div");
    tools.className = "pa-checklist__tools";
    const status = document.createElement("p");
    status.className = "pa-checklist__status";
    status.setAttribute("role", "status");
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "pa-button";
    clear.textContent = "Tout décocher";
    clear.addEventListener("click", function () {
      boxes.forEach(function (box) {
        box.checked = false;
      });
      state = {};
      save(key, state);
      refresh();
    });
    const note = document.createElement("p");
    note.className = "pa-checklist__note";
    note.textContent = "Vos coches restent dans ce navigateur, sur cet appareil ; elles ne sont envoyées nulle part.";
    tools.appendChild(status);
    tools.appendChild(clear);
    tools.appendChild(note);
    list.appendChild(tools);

    function refresh() {
      const done = boxes.filter(function (box) {
        return box.checked;
      }).length;
      const plural = done > 1 ? "s" : "";
      status.textContent =
        done + " point" + plural + " sur " + boxes.length + " coché" + plural;
      clear.disabled = done === 0;
    }
    refresh();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".pa-checklist"), setup);
  }

  window.Passerelles.onPage(init);
})();
