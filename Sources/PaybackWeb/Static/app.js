// Payback's only script: live roster progress, and supervisors' outcomes recorded with no signal.
// Every page works without it; it only makes two pages better.
(function () {
  "use strict";

  // ---- Live progress of a roster being generated (coordinator) ----
  var progress = document.querySelector("[data-progress-url]");
  if (progress) {
    var url = progress.getAttribute("data-progress-url");
    var set = function (name, text) {
      var el = progress.querySelector("[data-field='" + name + "']");
      if (el && el.textContent !== text) el.textContent = text;
    };
    var show = function (name, visible) {
      var el = progress.querySelector("[data-show='" + name + "']");
      if (el) el.hidden = !visible;
    };
    var tick = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.redirect) { window.location.assign(p.redirect); return; }
          set("phase", p.phase || "Starting");
          set("elapsed", p.elapsedText || "");
          set("objective", p.objective || "");
          set("bound", p.bound || "");
          set("gap", p.gap || "");
          show("objective", !!p.objective);
          show("bound", !!p.bound);
          show("gap", !!p.gap);
          var bar = progress.querySelector("progress");
          if (bar && p.percent !== undefined) { bar.value = p.percent; bar.textContent = p.percent + "%"; }
          var log = progress.querySelector("[data-field='history']");
          if (log && p.history) {
            // Only new lines are added, so a screen reader hears each improvement once.
            while (log.children.length < p.history.length) {
              var li = document.createElement("li");
              li.textContent = p.history[log.children.length];
              log.appendChild(li);
            }
          }
          if (p.failed) { window.location.reload(); return; }
          window.setTimeout(tick, 1000);
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    };
    window.setTimeout(tick, 500);
  }

  // ---- Supervisors: the service worker keeps today's sessions on the phone ----
  if ("serviceWorker" in navigator && document.querySelector("[data-offline-capable]")) {
    navigator.serviceWorker.register("/service-worker.js", { scope: "/supervisor/" }).catch(function () {});
  }

  // ---- Supervisors: outcomes recorded with no signal wait on the phone ----
  var app = document.getElementById("offline-app");
  if (!app) return;

  var QUEUE = "payback-outcomes-waiting";
  var SENT = "payback-outcomes-sent";
  var csrf = app.getAttribute("data-csrf");
  var load = function (key) { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } };
  var save = function (key, list) { localStorage.setItem(key, JSON.stringify(list)); };
  var status = document.getElementById("queue-status");
  var waitingList = document.getElementById("waiting-list");
  var sentList = document.getElementById("sent-list");
  var sending = false;

  var newKey = function () {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  };

  var render = function () {
    var waiting = load(QUEUE);
    var sent = load(SENT);
    waitingList.textContent = "";
    waiting.forEach(function (o) {
      var li = document.createElement("li");
      li.textContent = o.label + (o.problem ? " – not accepted: " + o.problem : " – waiting to be sent");
      li.className = o.problem ? "queue__item queue__item--problem" : "queue__item";
      waitingList.appendChild(li);
    });
    sentList.textContent = "";
    sent.slice(-20).forEach(function (o) {
      var li = document.createElement("li");
      li.textContent = o.label + " – sent";
      sentList.appendChild(li);
    });
    var problems = waiting.filter(function (o) { return o.problem; }).length;
    var text;
    if (waiting.length === 0) {
      text = sent.length ? "All outcomes sent. Nothing is waiting." : "Nothing is waiting to be sent.";
    } else {
      text = waiting.length + (waiting.length === 1 ? " outcome is" : " outcomes are") +
        " waiting to be sent" + (navigator.onLine ? "." : ". There is no signal: they will be sent when it returns.");
      if (problems) text += " " + problems + " need your attention.";
    }
    status.textContent = text;
    app.setAttribute("data-waiting", String(waiting.length));
    document.querySelectorAll("[data-person-row]").forEach(function (row) {
      var id = row.getAttribute("data-person-row");
      var queued = waiting.some(function (o) { return o.id === id; }) || sent.some(function (o) { return o.id === id; });
      var form = row.querySelector("form");
      var done = row.querySelector("[data-queued]");
      if (queued && form && !row.hasAttribute("data-recorded")) { form.hidden = true; }
      if (done) done.hidden = !queued;
    });
  };

  // Sends what is waiting, oldest first, each with its idempotency key: sent twice, it is recorded once.
  var flush = function () {
    if (sending) return;
    var waiting = load(QUEUE).filter(function (o) { return !o.problem; });
    if (!waiting.length) { render(); return; }
    sending = true;
    var o = waiting[0];
    var body = new URLSearchParams(o.fields);
    body.set("csrf", csrf);
    fetch("/supervisor/outcomes", {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" }
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; },
        function () { return { status: r.status, body: {} }; });
    }).then(function (res) {
      var queue = load(QUEUE);
      if (res.status === 200) {
        save(QUEUE, queue.filter(function (x) { return x.key !== o.key; }));
        var sent = load(SENT); sent.push({ key: o.key, id: o.id, label: o.label }); save(SENT, sent.slice(-100));
      } else if (res.status === 403 || res.status === 401) {
        // Signed out, or the form expired: it stays waiting until the supervisor signs in again.
        status.textContent = "Sign in again to send what is waiting.";
        sending = false; return;
      } else if (res.status >= 400 && res.status < 500) {
        queue.forEach(function (x) { if (x.key === o.key) x.problem = (res.body && res.body.message) || "refused"; });
        save(QUEUE, queue);
      } else {
        sending = false; render(); return;  // the server is unwell: try again later
      }
      sending = false; render(); flush();
    }).catch(function () { sending = false; render(); });
  };

  app.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-outcome-form]")) return;
    event.preventDefault();
    var data = new FormData(form);
    var fields = {};
    data.forEach(function (v, k) { if (k !== "csrf") fields[k] = String(v); });
    var error = form.querySelector("[data-form-error]");
    var problem = "";
    if (!fields.attended) problem = "Select whether they arrived";
    else if (!fields.outcome) problem = "Select an outcome";
    else if (fields.attended === "yes" && (!fields.start || !fields.finish)) problem = "Enter the start and finish times";
    if (problem) { error.textContent = problem; error.hidden = false; return; }
    error.hidden = true;
    fields.key = newKey();
    var label = form.getAttribute("data-label") + ": " + fields.outcome;
    var queue = load(QUEUE);
    queue.push({ key: fields.key, id: fields.session + "/" + fields.person, label: label, fields: fields });
    save(QUEUE, queue);
    render();
    flush();
  });

  // Times written 0915 or 9.15 still work on the server; attendance shows or hides the time fields.
  // An enforceable outcome (it counts towards a warning or court) is said so before it is saved.
  function warnIfEnforceable(form) {
    var warning = form.querySelector("[data-enforceable-warning]");
    if (!warning) return;
    var chosen = null;
    form.querySelectorAll("select[name=outcome]").forEach(function (s) {
      if (!s.disabled && s.selectedIndex >= 0) chosen = s.options[s.selectedIndex];
    });
    var enforceable = !!chosen && chosen.hasAttribute("data-enforceable");
    warning.querySelector("[data-code]").textContent = chosen ? chosen.value : "";
    warning.hidden = !enforceable;
  }

  app.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.form;
    if (!form || !form.matches("[data-outcome-form]")) return;
    if (input.name === "attended") {
      // Fields that do not apply are hidden and disabled, so they are neither seen nor sent.
      form.querySelectorAll("[data-when]").forEach(function (el) {
        el.hidden = el.getAttribute("data-when") !== input.value;
        el.querySelectorAll("input, select, textarea").forEach(function (f) { f.disabled = el.hidden; });
      });
    }
    warnIfEnforceable(form);
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  window.setInterval(flush, 4000);
  render();
  flush();
})();
