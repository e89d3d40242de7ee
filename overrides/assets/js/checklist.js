/*
 * Checklists of the action pages (.pa-checklist): the task list that
 * pymdownx.tasklist renders with disabled checkboxes becomes tickable, with the
 * mouse (on the box or the text) and with the keyboard (Tab, Space). What is
 * ticked is kept in this browser only (localStorage), per page and per item
 * text. Without JavaScript the boxes stay empty and print as empty boxes.
 */
(function () {
  "use strict";

  var PREFIX = "passerelles:checklist:";

  function load(key) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (error) {
      return {};
    }
  }

  function save(key, state) {
    try {
      if (Object.keys(state).length) {
        window.localStorage.setItem(key, JSON.stringify(state));
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (error) {
      // Storage refused (private browsing, quota): ticking still works on the page.
    }
  }

  function setup(list, index) {
    if (list.dataset.paReady) {
      return;
    }
    list.dataset.paReady = "true";
    var key = PREFIX + window.location.pathname + "#" + index;
    var state = load(key);
    var boxes = [];

    Array.prototype.forEach.call(list.querySelectorAll(".task-list-item"), function (item) {
      var control = item.querySelector(".task-list-control");
      var box = control && control.querySelector("input[type=checkbox]");
      if (!box) {
        return;
      }
      // Move the item's text into its <label>: the text names the checkbox and
      // a click on it ticks the box.
      var text = document.createElement("span");
      text.className = "pa-checklist__text";
      while (control.nextSibling) {
        text.appendChild(control.nextSibling);
      }
      control.appendChild(text);
      control.classList.add("pa-checklist__control");
      var label = text.textContent.replace(/\s+/g, " ").trim();
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

    var tools = document.createElement("div");
    tools.className = "pa-checklist__tools";
    var status = document.createElement("p");
    status.className = "pa-checklist__status";
    status.setAttribute("role", "status");
    var clear = document.createElement("button");
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
    var note = document.createElement("p");
    note.className = "pa-checklist__note";
    note.textContent = "Vos coches restent dans ce navigateur, sur cet appareil ; elles ne sont envoyées nulle part.";
    tools.appendChild(status);
    tools.appendChild(clear);
    tools.appendChild(note);
    list.appendChild(tools);

    function refresh() {
      var done = boxes.filter(function (box) {
        return box.checked;
      }).length;
      var plural = done > 1 ? "s" : "";
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
