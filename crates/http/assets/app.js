// Zhurnal's one script. Pages work without it; it only adds conveniences.
"use strict";
document.documentElement.classList.add("js");

// On a phone the sections open from the «Меню» button.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".menu-toggle");
  if (!button) return;
  var nav = document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) return;
  var open = nav.classList.toggle("open");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// The journal grid: keyboard-first entry, each cell saved at once.
(function () {
  var table = document.querySelector("table.grid");
  if (!table) return;
  var api = table.getAttribute("data-api");
  var kind = document.getElementById("work-kind");
  var status = document.getElementById("journal-status");
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.getAttribute("content") : "";

  function say(text) { if (status) status.textContent = text; }

  function cellAt(row, col) {
    var r = table.rows[row];
    if (!r || !r.cells[col]) return null;
    return r.cells[col].querySelector("input.cell");
  }

  function move(input, dr, dc) {
    var td = input.closest("td");
    var row = td.parentElement.rowIndex, col = td.cellIndex;
    for (var i = 0; i < 400; i++) {
      row += dr; col += dc;
      if (row < 1 || row >= table.rows.length || col < 0 || col >= table.rows[row].cells.length) return;
      var next = cellAt(row, col);
      if (next) { next.focus(); next.select(); return; }
    }
  }

  function show(input, cell) {
    input.value = cell.text;
    input.setAttribute("data-saved", cell.text);
    input.setAttribute("data-version", String(cell.version));
    input.classList.toggle("absent", !!cell.attendance);
    input.title = (cell.marks || []).map(function (m) {
      return m.short + " — " + m.work_kind + " (вес " + m.weight + ")";
    }).join("; ");
  }

  function save(input) {
    if (input.value === input.getAttribute("data-saved")) return;
    // One request per cell at a time: a change made meanwhile is sent after it, with the new version.
    if (input.getAttribute("data-busy")) { input.setAttribute("data-again", "1"); return; }
    input.setAttribute("data-busy", "1");
    input.classList.remove("saved", "failed", "conflict");
    input.classList.add("saving");
    var body = {
      lesson_id: Number(input.getAttribute("data-lesson")),
      student_id: Number(input.getAttribute("data-student")),
      text: input.value,
      version: Number(input.getAttribute("data-version"))
    };
    if (kind && kind.value) body.work_kind_id = Number(kind.value);
    fetch(api, {
      method: "PUT",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-Zhurnal-Client": "web",
        // The session cookie alone does not let a change through the API.
        "X-CSRF-Token": csrfToken
      },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (data) { return { ok: res.ok, status: res.status, data: data }; });
    }).then(function (r) {
      input.classList.remove("saving");
      input.removeAttribute("data-busy");
      if (r.ok) {
        show(input, r.data);
        input.classList.add("saved");
        say("Сохранено.");
        if (input.getAttribute("data-again")) { input.removeAttribute("data-again"); save(input); }
      } else if (r.status === 409 && r.data.current) {
        show(input, r.data.current);
        input.classList.add("conflict");
        say(r.data.message);
      } else {
        input.classList.add("failed");
        input.title = r.data.message || "Не сохранено";
        say("Не сохранено: " + (r.data.message || r.status));
      }
    }).catch(function () {
      input.classList.remove("saving");
      input.removeAttribute("data-busy");
      input.classList.add("failed");
      say("Нет связи с сервером: клетка не сохранена.");
    });
  }

  var inputs = table.querySelectorAll("input.cell");
  Array.prototype.forEach.call(inputs, function (input) {
    input.setAttribute("data-saved", input.value);
    input.addEventListener("focus", function () { input.select(); });
    input.addEventListener("change", function () { save(input); });
    input.addEventListener("keydown", function (e) {
      switch (e.key) {
        case "Enter": case "ArrowDown": save(input); move(input, 1, 0); e.preventDefault(); break;
        case "ArrowUp": save(input); move(input, -1, 0); e.preventDefault(); break;
        case "ArrowLeft": save(input); move(input, 0, -1); e.preventDefault(); break;
        case "ArrowRight": save(input); move(input, 0, 1); e.preventDefault(); break;
        case "Escape": input.value = input.getAttribute("data-saved"); break;
      }
    });
  });
})();
