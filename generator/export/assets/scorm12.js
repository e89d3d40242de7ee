// SCORM 1.2 runtime of a lesson page (one SCO of the package).
//
// It looks for the LMS's API in the windows above this one, then in the window
// that opened it, starts the session and marks the lesson « incomplete ». A
// lesson without quiz becomes « completed » when its last line is reached. A
// lesson with a quiz reports its score (0 to 100: the questions right on their
// first check, read from the site's quiz.js) and « passed » or « failed »
// against the mastery score, once every question has been checked, and each
// question's first check as an interaction (cmi.interactions). The time
// spent is reported and the session ended when the page is left.
//
// A link to another lesson of the package asks the LMS's player to open that
// lesson as it would from its table of contents (an entry of the player's page
// that opens a SCO, named like the lesson in the manifest), so that the lesson
// is tracked; where
// the player shows no such entry, the link opens its page in a new window.
//
// Without an LMS (the page opened on its own) it does nothing: the lesson and
// its quiz work as a plain page.
//
// Written in ES5 (var, no arrow), unlike the site's scripts: it only ever runs inside
// an LMS's player, old ones included (eslint.config.js checks it with an ES5 parser).
(function () {
  "use strict";

  var MAX_HOPS = 10;
  // the package's root: this script is <root>commun/scorm12.js
  var ROOT = document.currentScript ? document.currentScript.src.replace(/commun\/scorm12\.js.*$/, "") : "";
  var api = null;
  var apiWindow = null;
  var started = Date.now();
  var finished = false;

  function apiIn(start) {
    var win = start;
    for (var hops = 0; win && hops < MAX_HOPS; hops++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") {
          apiWindow = win;
          return win.API;
        }
      } catch (error) {
        // a window of another site: its API is out of reach
      }
      var parent;
      try {
        parent = win.parent;
      } catch (error) {
        return null;
      }
      if (!parent || parent === win) return null;
      win = parent;
    }
    return null;
  }

  function findApi() {
    var found = apiIn(window);
    if (found) return found;
    try {
      return window.opener ? apiIn(window.opener) : null;
    } catch (error) {
      return null;
    }
  }

  function call(name, args) {
    if (!api) return "";
    try {
      var result = api[name].apply(api, args);
      return result === undefined || result === null ? "" : String(result);
    } catch (error) {
      return "";
    }
  }

  function get(element) {
    return call("LMSGetValue", [element]);
  }

  function set(element, value) {
    return call("LMSSetValue", [element, String(value)]) === "true";
  }

  function commit() {
    call("LMSCommit", [""]);
  }

  // CMITimespan: HH:MM:SS (hours on 2 to 4 digits).
  function timespan(milliseconds) {
    var total = Math.min(Math.max(0, Math.round(milliseconds / 1000)), 9999 * 3600 + 3599);
    var two = function (n) {
      return n < 10 ? "0" + n : String(n);
    };
    return two(Math.floor(total / 3600)) + ":" + two(Math.floor(total / 60) % 60) + ":" + two(total % 60);
  }

  function finish() {
    if (!api || finished) return;
    finished = true;
    set("cmi.core.session_time", timespan(Date.now() - started));
    // An unfinished lesson is suspended, so that the LMS keeps the attempt open.
    set("cmi.core.exit", get("cmi.core.lesson_status") === "incomplete" ? "suspend" : "");
    commit();
    call("LMSFinish", [""]);
  }

  function complete() {
    var status = get("cmi.core.lesson_status");
    if (status === "passed" || status === "completed") return;
    set("cmi.core.lesson_status", "completed");
    commit();
  }

  function watchEnd(marker) {
    if (!("IntersectionObserver" in window)) {
      complete();
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      var seen = entries.some(function (entry) {
        return entry.isIntersecting;
      });
      if (seen) {
        observer.disconnect();
        complete();
      }
    });
    observer.observe(marker);
  }

  function masteryScore(quiz) {
    var fromLms = parseFloat(get("cmi.student_data.mastery_score"));
    if (isFinite(fromLms)) return fromLms;
    var fromPage = parseFloat(quiz.getAttribute("data-mastery"));
    return isFinite(fromPage) ? fromPage : 100;
  }

  function counted(count, one, many) {
    return count + " " + (count > 1 ? many : one);
  }

  // A choice as SCORM 1.2 writes it in a « choice » interaction: a, b, c… by its
  // place in the YAML (the value of its input).
  function letter(input) {
    return String.fromCharCode(97 + (parseInt(input.value, 10) || 0));
  }

  function clock(date) {
    return timespan(((date.getHours() * 60 + date.getMinutes()) * 60 + date.getSeconds()) * 1000);
  }

  // Each question's first check as one interaction of the teacher's report: the
  // choices ticked, the right ones, and whether the answer was right.
  function interaction(quiz, form, right) {
    if (!api) return;
    var count = parseInt(get("cmi.interactions._count"), 10);
    var n = "cmi.interactions." + (isFinite(count) ? count : 0) + ".";
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    var ticked = inputs.filter(function (input) {
      return input.checked;
    });
    var correct = inputs.filter(function (input) {
      return input.getAttribute("data-correct") === "true";
    });
    var lesson = (quiz.getAttribute("data-lesson") || "").split("/").pop();
    set(n + "id", (lesson ? lesson + "-" : "") + "q" + form.getAttribute("data-question"));
    set(n + "type", "choice");
    set(n + "time", clock(new Date()));
    set(n + "weighting", 1);
    set(n + "student_response", ticked.map(letter).join(","));
    set(n + "correct_responses.0.pattern", correct.map(letter).join(","));
    set(n + "result", right ? "correct" : "wrong");
    commit();
  }

  function watchQuiz(quiz) {
    var total = quiz.querySelectorAll("form.pa-question").length;
    var box = quiz.querySelector(".pa-quiz-score");
    var mastery = masteryScore(quiz);
    var first = {}; // question number → 1 when right on its first check, 0 otherwise

    function report() {
      var checked = Object.keys(first).length;
      var right = Object.keys(first).reduce(function (sum, key) {
        return sum + first[key];
      }, 0);
      if (box) box.hidden = false;
      if (checked < total) {
        if (box) {
          box.textContent =
            counted(checked, "question vérifiée", "questions vérifiées") + " sur " + total +
            " : votre résultat s'affichera quand toutes les questions auront été vérifiées.";
        }
        return;
      }
      var raw = Math.round((100 * right) / total);
      var passed = raw >= mastery;
      if (api) {
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
        set("cmi.core.score.raw", raw);
        set("cmi.core.lesson_status", passed ? "passed" : "failed");
        commit();
      }
      if (box) {
        box.textContent =
          "Votre résultat : " + counted(right, "bonne réponse", "bonnes réponses") + " sur " + total +
          " à la première vérification, soit " + raw + " sur 100. " +
          (passed ? "Leçon réussie." : "Il faut " + mastery + " sur 100 pour réussir la leçon.") +
          (api ? " Ce résultat est enregistré." : "");
      }
    }

    // quiz.js writes each check's verdict on the question's result box.
    var observer = new MutationObserver(function (records) {
      records.forEach(function (record) {
        var verdict = record.target.getAttribute("data-verdict");
        var form = record.target.closest ? record.target.closest("form.pa-question") : null;
        if (!form || !verdict || verdict === "none") return;
        var key = form.getAttribute("data-question");
        if (Object.prototype.hasOwnProperty.call(first, key)) return;
        first[key] = verdict === "right" ? 1 : 0;
        interaction(quiz, form, verdict === "right");
        report();
      });
    });
    observer.observe(quiz, { attributes: true, attributeFilter: ["data-verdict"], subtree: true });
  }

  // The title the manifest gives the lesson at `href` (an address inside the package).
  function titleOf(manifest, href) {
    var path = href.slice(ROOT.length).split("#")[0];
    var resources = manifest.getElementsByTagName("resource");
    for (var i = 0; i < resources.length; i++) {
      if (resources[i].getAttribute("href") !== path) continue;
      var items = manifest.getElementsByTagName("item");
      for (var j = 0; j < items.length; j++) {
        if (items[j].getAttribute("identifierref") !== resources[i].getAttribute("identifier")) continue;
        var title = items[j].getElementsByTagName("title")[0];
        return title ? title.textContent.trim() : "";
      }
    }
    return "";
  }

  // The player's entry for a lesson: a link of the player's page named like it that
  // opens a SCO (Moodle's table of contents marks each with data-scoid); never a
  // link of the rest of the page (Moodle's course index also names activities).
  function playerEntry(title) {
    var links;
    try {
      links = apiWindow.document.querySelectorAll("a[data-scoid], a[href*='scoid=']");
    } catch (error) {
      return null;
    }
    for (var i = 0; i < links.length; i++) {
      if (links[i].textContent.trim() === title) return links[i];
    }
    return null;
  }

  var manifest = null; // the package's manifest, read once an LMS player is found

  function readManifest() {
    var request = new XMLHttpRequest();
    request.open("GET", ROOT + "imsmanifest.xml");
    request.onload = function () {
      manifest = request.responseXML;
    };
    request.send();
  }

  function followInPlayer(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || !manifest || link.href.indexOf(ROOT) !== 0 || !/\.html(#|$)/.test(link.href)) return;
    var entry = playerEntry(titleOf(manifest, link.href));
    if (!entry) return; // no player entry: the link opens its new window
    event.preventDefault();
    finish();
    entry.click();
  }

  function init() {
    api = findApi();
    if (api && ROOT && apiWindow && apiWindow !== window) {
      readManifest();
      document.addEventListener("click", followInPlayer);
    }
    if (api && call("LMSInitialize", [""]) !== "true") api = null;
    if (api) {
      var status = get("cmi.core.lesson_status");
      if (status === "" || status === "not attempted") {
        set("cmi.core.lesson_status", "incomplete");
        commit();
      }
      window.addEventListener("pagehide", finish);
      window.addEventListener("unload", finish);
    }
    var quiz = document.querySelector(".pa-quiz");
    if (quiz) {
      watchQuiz(quiz);
    } else if (api) {
      var marker = document.querySelector(".pa-lesson-end");
      if (marker) watchEnd(marker);
    }
  }

  window.Passerelles.onPage(init);
})();
