// The console's webinar pages (console/webinars.py, console/run.py). Every page
// works without this script; it adds and removes question rows, shows the
// recurring sessions' field only for a recurring webinar, and reads the go-live
// checklist again every few seconds.
"use strict";

(function () {
  function renumber(row, number) {
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) {
          el.setAttribute(attr, value.replace(/q-\d+-/g, "q-" + number + "-"));
        }
      });
    });
    var legend = row.querySelector("legend");
    if (legend) {
      legend.textContent = "Question " + (number + 1);
    }
  }

  function questions() {
    var rows = document.querySelector("[data-question-rows]");
    var add = document.querySelector("[data-add-question]");
    if (!rows || !add) {
      return;
    }
    function wire(row) {
      var remove = row.querySelector("[data-remove-question]");
      remove.hidden = false;
      remove.addEventListener("click", function () {
        // An empty label asks nothing: the server removes the question.
        row.querySelectorAll("input, textarea").forEach(function (el) {
          if (el.type === "checkbox") {
            el.checked = false;
          } else if (el.type !== "hidden" || /-api_name$/.test(el.name)) {
            el.value = "";
          }
        });
        row.hidden = true;
      });
    }
    rows.querySelectorAll("[data-question]").forEach(wire);
    add.hidden = false;
    add.addEventListener("click", function () {
      var all = rows.querySelectorAll("[data-question]");
      var row = all[all.length - 1].cloneNode(true);
      var number = 0;
      rows.querySelectorAll("[name$='-label']").forEach(function (el) {
        var found = /^q-(\d+)-label$/.exec(el.name);
        if (found) {
          number = Math.max(number, Number(found[1]) + 1);
        }
      });
      renumber(row, number);
      row.hidden = false;
      row.querySelectorAll(".error").forEach(function (el) { el.remove(); });
      row.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
      row.querySelectorAll("input, textarea").forEach(function (el) {
        if (el.type === "checkbox") {
          el.checked = false;
        } else {
          el.value = "";
        }
      });
      row.querySelector("select").selectedIndex = 0;
      rows.appendChild(row);
      wire(row);
      row.querySelector("input[type=text], input:not([type])").focus();
    });
  }

  function recurring() {
    var schedule = document.getElementById("field-schedule");
    var part = document.querySelector("[data-shown-when-recurring]");
    if (!schedule || !part) {
      return;
    }
    function show() {
      part.hidden = schedule.value !== "recurring";
    }
    schedule.addEventListener("change", show);
    show();
  }

  function checklist() {
    var list = document.querySelector("[data-checklist]");
    if (!list || !window.fetch) {
      return;
    }
    var seconds = Number(list.getAttribute("data-checklist-seconds")) || 5;
    function draw(data) {
      data.items.forEach(function (item) {
        var li = list.querySelector("[data-item='" + item.key + "']");
        if (!li) {
          return;
        }
        li.className = item.ready ? "ready" : "not-ready";
        li.querySelector(".mark").textContent = item.ready ? "✓" : "•";
        li.querySelector(".state").textContent = item.ready ? "ready:" : "not ready:";
        li.querySelector(".summary").textContent = item.summary;
      });
    }
    function poll() {
      fetch(list.getAttribute("data-checklist"), { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { draw(data); } })
        .catch(function () { /* the next poll tries again */ })
        .then(function () { window.setTimeout(poll, seconds * 1000); });
    }
    window.setTimeout(poll, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    questions();
    recurring();
    checklist();
  });
})();
