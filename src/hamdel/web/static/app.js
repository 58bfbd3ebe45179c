// Progressive enhancement: every form works without this file.
// - "Listen" buttons speak the reply through POST /api/speak (the session cookie signs in;
//   the CSRF cookie is echoed in X-CSRF-Token, as the API requires); with the setting
//   "read every reply aloud", a new reply speaks by itself.
// - Ratings (1..5, or a thumb) are sent without leaving the page.
// - The profile's time-zone field suggests this device's zone (nothing is shared unless ticked).
// - A voice note can be recorded in the page (#recorder inside #voice-form, see setUpRecorder).
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
          return audio.play()
            .then(function () { button.dataset.played = "yes"; })
            .catch(function () { button.dataset.played = "refused"; /* the button replays */ });
        })
        .catch(function (err) { button.title = String(err.message || err); button.dataset.voice = "error"; })
        .finally(function () { button.disabled = false; button.removeAttribute("aria-busy"); });
    });
  });

  // The setting "read every reply aloud": the new reply speaks as if its button were pressed
  // (the person has just sent something from this page, so the browser lets it play).
  var spoken = document.querySelector('#reply[data-speak="auto"] button.listen');
  if (spoken) { spoken.click(); }

  // Ratings (form.feedback): choosing 1..5 sends it at once (arrow keys move through the radio
  // group; the last choice within a moment is the one sent, and a later one replaces it); the
  // thumbs are the fast path. Without this file the form's "Rate" button and the thumbs post it.
  document.querySelectorAll("form.feedback").forEach(function (form) {
    var status = form.querySelector(".sat-status");
    var timer = null;
    form.classList.add("live");

    function send(body, done) {
      body.item_kind = form.elements.item_kind.value;
      body.item_id = form.elements.item_id.value;
      post("/api/feedback", body).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        done();
        if (status) { status.textContent = status.dataset.thanks || ""; }
      }).catch(function () {  // the page's own form, without script
        Object.keys(body).forEach(function (name) {
          if (name === "item_kind" || name === "item_id") { return; }
          var field = document.createElement("input");
          field.type = "hidden"; field.name = name; field.value = String(body[name]);
          form.appendChild(field);
        });
        form.submit();
      });
    }

    function showThumb(rating) {
      form.querySelectorAll(".thumbs button").forEach(function (b) {
        b.setAttribute("aria-pressed", String(rating !== null && Number(b.value) === rating));
      });
    }

    form.querySelectorAll("input[name=satisfaction]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          var chosen = form.querySelector("input[name=satisfaction]:checked");
          if (!chosen) { return; }
          var value = Number(chosen.value);
          send({ satisfaction: value }, function () { form.dataset.sent = String(value); showThumb(null); });
        }, 500);
      });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var thumb = event.submitter && event.submitter.name === "rating";
      if (thumb) {
        var rating = Number(event.submitter.value);
        send({ rating: rating }, function () {
          form.dataset.sent = rating > 0 ? "up" : "down";
          form.querySelectorAll("input[name=satisfaction]").forEach(function (r) { r.checked = false; });
          showThumb(rating);
        });
        return;
      }
      var chosen = form.querySelector("input[name=satisfaction]:checked");
      if (chosen) {
        send({ satisfaction: Number(chosen.value) }, function () { form.dataset.sent = chosen.value; });
      }
    });
  });

  document.querySelectorAll("input[data-suggest=device]").forEach(function (input) {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone) { input.value = zone; }
    } catch (e) { /* keep the server's suggestion */ }
  });

  // -- recording a voice note (templates/_recorder.html) ------------------------------------
  // Shown only where this browser can record and hand a file to a form. The recording goes
  // into #voice-form's file input and the form is submitted: the server gets exactly the
  // upload a chosen file makes. Messages are the box's data-msg-* attributes (page language).

  var RECORDING_TYPES = [
    ["audio/ogg;codecs=opus", "ogg"],
    ["audio/webm;codecs=opus", "webm"],
    ["audio/mp4", "m4a"],  // Safari records only MP4/AAC (the server decodes it with FFmpeg too)
  ];

  function recordingType() {
    if (typeof MediaRecorder.isTypeSupported !== "function") { return ["", "webm"]; }
    for (var i = 0; i < RECORDING_TYPES.length; i++) {
      if (MediaRecorder.isTypeSupported(RECORDING_TYPES[i][0])) { return RECORDING_TYPES[i]; }
    }
    return null;
  }

  function extensionOf(mime, fallback) {
    if (/ogg/.test(mime)) { return "ogg"; }
    if (/webm/.test(mime)) { return "webm"; }
    if (/mp4|aac|m4a/.test(mime)) { return "m4a"; }
    return fallback;
  }

  function canRecord() {
    return !!(navigator.mediaDevices &&
      typeof navigator.mediaDevices.getUserMedia === "function" &&
      typeof window.MediaRecorder === "function");
  }

  function canSetFiles(input) {
    try {
      var transfer = new DataTransfer();
      transfer.items.add(new File([""], "probe.txt", { type: "text/plain" }));
      return transfer.files.length === 1 && "files" in input;
    } catch (e) { return false; }
  }

  function setUpRecorder(box) {
    var form = box.closest("form");
    var input = form && form.querySelector("input[type=file][name=file]");
    var start = box.querySelector(".rec-start");
    var stop = box.querySelector(".rec-stop");
    var meter = box.querySelector(".rec-level");
    var clock = box.querySelector(".rec-time");
    var status = box.querySelector(".rec-status");
    if (!form || !input || !start || !stop || !status || !canRecord() || !canSetFiles(input)) {
      return;
    }
    var chosen = recordingType();
    if (!chosen) { return; }
    var lang = document.documentElement.lang || "en";
    var digits = null, twoDigits = null;  // Persian digits on a Persian page
    try {
      digits = new Intl.NumberFormat(lang, { useGrouping: false });
      twoDigits = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false });
    } catch (e) { digits = null; }

    var stream = null, recorder = null, chunks = [], audio = null, analyser = null;
    var startedAt = 0, ticker = null, limit = null, frame = null, asking = false;

    function say(key, isError) {
      status.textContent = box.dataset[key] || "";
      status.classList.toggle("error", !!isError);
    }

    function showTime(ms) {
      var seconds = Math.floor(ms / 1000);
      var m = Math.floor(seconds / 60), s = seconds % 60;
      if (!clock) { return; }
      clock.textContent = digits
        ? digits.format(m) + ":" + twoDigits.format(s)
        : m + ":" + (s < 10 ? "0" : "") + s;
    }

    function showLevel() {
      if (!analyser || !meter) { return; }
      var samples = new Float32Array(analyser.fftSize);
      analyser.getFloatTimeDomainData(samples);
      var sum = 0;
      for (var i = 0; i < samples.length; i++) { sum += samples[i] * samples[i]; }
      var db = 20 * Math.log10(Math.sqrt(sum / samples.length) + 1e-9);
      meter.value = Math.max(0, Math.min(1, (db + 60) / 60));  // -60 dBFS .. 0 dBFS
      frame = window.requestAnimationFrame(showLevel);
    }

    function release() {
      window.clearInterval(ticker);
      window.clearTimeout(limit);
      if (frame !== null) { window.cancelAnimationFrame(frame); frame = null; }
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      if (audio) { try { audio.close(); } catch (e) { /* already closed */ } }
      stream = null; audio = null; analyser = null;
      if (meter) { meter.value = 0; }
      box.dataset.state = "idle";
    }

    function fail(key) {
      if (recorder) {
        recorder.removeEventListener("stop", finished);
        if (recorder.state !== "inactive") { recorder.stop(); }
      }
      release();
      recorder = null;
      start.disabled = false;
      stop.disabled = true;
      say(key, true);
      if (document.activeElement === stop || document.activeElement === document.body) {
        start.focus();
      }
    }

    function send(blob, mime) {
      var name = "voice-note." + extensionOf(mime, chosen[1]);
      var transfer = new DataTransfer();
      transfer.items.add(new File([blob], name, { type: blob.type || mime }));
      input.files = transfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      box.dataset.state = "sending";
      start.disabled = true;
      stop.disabled = true;
      say("msgSending");
      if (typeof form.requestSubmit === "function") { form.requestSubmit(); }
      else { form.submit(); }
    }

    function finished() {
      var elapsed = Date.now() - startedAt;
      var minMs = (Number(box.dataset.minSeconds) || 1) * 1000;  // shorter has no words in it
      var mime = (recorder && recorder.mimeType) || chosen[0] || "audio/webm";
      var blob = new Blob(chunks, { type: mime.split(";")[0] });
      chunks = [];
      recorder = null;
      release();
      if (elapsed < minMs || blob.size === 0) {
        start.disabled = false;
        stop.disabled = true;
        say(elapsed < minMs ? "msgShort" : "msgFailed", true);
        start.focus();
        return;
      }
      send(blob, mime);
    }

    function begin(granted) {
      stream = granted;
      chunks = [];
      try {
        recorder = chosen[0]
          ? new MediaRecorder(stream, { mimeType: chosen[0] })
          : new MediaRecorder(stream);
      } catch (e) { fail("msgFailed"); return; }
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data && event.data.size) { chunks.push(event.data); }
      });
      recorder.addEventListener("stop", finished);
      recorder.addEventListener("error", function () { fail("msgFailed"); });
      stream.getAudioTracks().forEach(function (track) {  // microphone unplugged: send what came
        track.addEventListener("ended", end);
      });
      if (audio) {
        try {
          analyser = audio.createAnalyser();
          analyser.fftSize = 1024;
          audio.createMediaStreamSource(stream).connect(analyser);
          if (audio.state === "suspended") { audio.resume(); }
        } catch (e) { analyser = null; }  // no meter; the recording still works
      }
      recorder.start(1000);
      startedAt = Date.now();
      box.dataset.state = "recording";
      start.disabled = true;
      stop.disabled = false;
      stop.focus();
      say("msgRecording");
      showTime(0);
      ticker = window.setInterval(function () { showTime(Date.now() - startedAt); }, 250);
      // at most data-max-seconds (a minute), a little under: the server refuses a longer note
      var maxMs = (Number(box.dataset.maxSeconds) || 60) * 1000 - 400;
      limit = window.setTimeout(end, maxMs);  // then stopped and sent
      if (analyser) { showLevel(); }
    }

    start.addEventListener("click", function () {
      if (asking || recorder) { return; }
      asking = true;
      say("msgAsking");
      // the meter's AudioContext is made in the click, so the browser lets it run
      var Context = window.AudioContext || window.webkitAudioContext;
      try { audio = Context && meter ? new Context() : null; } catch (e) { audio = null; }
      navigator.mediaDevices.getUserMedia({ audio: true, video: false })
        .then(begin, function (err) {
          var name = (err && err.name) || "";
          if (/NotAllowed|Security|PermissionDenied/.test(name)) { fail("msgDenied"); }
          else if (/NotFound|Overconstrained|DevicesNotFound/.test(name)) { fail("msgMissing"); }
          else { fail("msgFailed"); }
        })
        .finally(function () { asking = false; });
    });

    function end() {
      if (recorder && recorder.state !== "inactive") {
        stop.disabled = true;
        recorder.stop();  // "stop" comes after the last chunk: finished() sends the note
      }
    }
    stop.addEventListener("click", end);

    window.addEventListener("pagehide", function () {  // leaving mid-recording sends nothing
      if (recorder && recorder.state !== "inactive") {
        recorder.removeEventListener("stop", finished);
        recorder.stop();
      }
      release();
    });

    showTime(0);
    box.dataset.state = "idle";
    box.hidden = false;
  }

  document.querySelectorAll(".recorder").forEach(setUpRecorder);
})();
