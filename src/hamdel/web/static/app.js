// Progressive enhancement: every form works without this file.
// - "Listen" buttons speak the reply through POST /api/speak (the session cookie signs in;
//   the CSRF cookie is echoed in X-CSRF-Token, as the API requires).
// - Thumbs up/down are sent without leaving the page.
// - The profile's time-zone field suggests this device's zone (nothing is shared unless ticked).
(function () {
  "use strict";

  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)hamdel_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify(body),
    });
  }

  document.querySelectorAll("button.listen").forEach(function (button) {
    var audio = null;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (audio) { audio.currentTime = 0; audio.play(); return; }
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      post("/api/speak", { text: button.dataset.text, language: button.dataset.lang })
        .then(function (r) {
          if (!r.ok) { return r.json().then(function (e) { throw new Error(e.detail || r.status); }); }
          return r.blob();
        })
        .then(function (blob) {
          audio = new Audio(URL.createObjectURL(blob));
          if (button.closest("#reply")) { audio.id = "reply-audio"; }
          document.body.appendChild(audio);
          button.dataset.voice = "ready";
          return audio.play().catch(function () { /* autoplay may be refused; button replays */ });
        })
        .catch(function (err) { button.title = String(err.message || err); button.dataset.voice = "error"; })
        .finally(function () { button.disabled = false; button.removeAttribute("aria-busy"); });
    });
  });

  document.querySelectorAll("form.feedback").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var rating = event.submitter ? Number(event.submitter.value) : 1;
      event.preventDefault();
      post("/api/feedback", {
        item_kind: form.elements.item_kind.value,
        item_id: form.elements.item_id.value,
        rating: rating,
      }).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        form.dataset.sent = rating > 0 ? "up" : "down";
        form.querySelectorAll("button").forEach(function (b) {
          b.disabled = true;
          b.setAttribute("aria-pressed", String(Number(b.value) === rating));
        });
      }).catch(function () {
        var field = document.createElement("input");
        field.type = "hidden"; field.name = "rating"; field.value = String(rating);
        form.appendChild(field);
        form.submit();
      });
    });
  });

  document.querySelectorAll("input[data-suggest=device]").forEach(function (input) {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone) { input.value = zone; }
    } catch (e) { /* keep the server's suggestion */ }
  });
})();
