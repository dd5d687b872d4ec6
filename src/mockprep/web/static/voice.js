// Answer out loud on the practice page. Records with MediaRecorder (level meter from an
// AnalyserNode, a timer), or takes a chosen file; uploads it to /api/v1/speech/answers, polls
// the transcription job and then opens the grade page, which shows the transcript with fillers
// and pauses marked, the content grade and the delivery feedback. Can read the question aloud
// with the browser's own speech synthesis. Without this script the upload form still works.
(function () {
  "use strict";
  var root = document.getElementById("voice");
  if (!root || !window.fetch || !window.FormData) { return; }

  var recorderBox = root.querySelector("[data-voice-recorder]");
  var recordButton = root.querySelector("[data-action=record]");
  var stopButton = root.querySelector("[data-action=stop]");
  var readButton = root.querySelector("[data-action=read-aloud]");
  var meter = root.querySelector("meter");
  var timer = root.querySelector("[data-voice-timer]");
  var statusBox = root.querySelector("[data-voice-status]");
  var progress = root.querySelector("[data-voice-progress]");
  var form = root.querySelector("[data-voice-upload]");
  var fileInput = form ? form.querySelector("input[type=file]") : null;
  var maxSeconds = parseInt(root.getAttribute("data-max-seconds"), 10) || 300;
  var csrf = form ? form.querySelector("input[name=csrf_token]").value : "";
  var startedAt = form ? form.querySelector("input[name=started_at]").value : "";

  var stream = null, recorder = null, chunks = [], audioContext = null;
  var tickHandle = null, levelHandle = null, recordingStarted = 0, busy = false;

  function say(text, isError) {
    statusBox.textContent = text;
    statusBox.classList.toggle("error", !!isError);
  }

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  // -- reading the question aloud ----------------------------------------------------------
  var questionText = document.querySelector(".question-text");
  if (readButton && "speechSynthesis" in window && questionText) {
    readButton.hidden = false;
    readButton.addEventListener("click", function () {
      window.speechSynthesis.cancel();
      var utterance = new SpeechSynthesisUtterance(questionText.textContent.trim());
      utterance.lang = "en-US";
      window.speechSynthesis.speak(utterance);
    });
  }

  // -- recording -----------------------------------------------------------------------------
  var canRecord = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder);
  if (recorderBox) { recorderBox.hidden = false; }
  if (!canRecord) {
    recordButton.disabled = true;
    say("This browser cannot record here (it needs a secure page such as http://127.0.0.1). Upload a recording or type your answer instead.");
  }

  function pickType() {
    var types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
    for (var i = 0; i < types.length; i++) {
      if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(types[i])) { return types[i]; }
    }
    return "";
  }

  function showLevel(analyser) {
    var data = new Uint8Array(analyser.fftSize);
    function frame() {
      analyser.getByteTimeDomainData(data);
      var sum = 0;
      for (var i = 0; i < data.length; i++) { var v = (data[i] - 128) / 128; sum += v * v; }
      meter.value = Math.min(1, Math.sqrt(sum / data.length) * 4);
      levelHandle = window.requestAnimationFrame(frame);
    }
    frame();
  }

  function stopTracks() {
    if (tickHandle) { window.clearInterval(tickHandle); tickHandle = null; }
    if (levelHandle) { window.cancelAnimationFrame(levelHandle); levelHandle = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    if (audioContext) { audioContext.close(); audioContext = null; }
    meter.value = 0;
  }

  function startRecording() {
    if (busy) { return; }
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (s) {
      stream = s;
      var type = pickType();
      recorder = type ? new MediaRecorder(s, { mimeType: type }) : new MediaRecorder(s);
      chunks = [];
      recorder.ondataavailable = function (e) { if (e.data && e.data.size) { chunks.push(e.data); } };
      recorder.onstop = function () {
        stopTracks();
        var mime = recorder.mimeType || "audio/webm";
        var ext = mime.indexOf("ogg") >= 0 ? "ogg" : mime.indexOf("mp4") >= 0 ? "m4a" : "webm";
        upload(new Blob(chunks, { type: mime }), "answer." + ext);
      };
      var AudioCtx = window.AudioContext || window.webkitAudioContext;
      if (AudioCtx) {
        audioContext = new AudioCtx();
        var analyser = audioContext.createAnalyser();
        analyser.fftSize = 1024;
        audioContext.createMediaStreamSource(s).connect(analyser);
        showLevel(analyser);
      }
      recorder.start(1000);
      recordingStarted = Date.now();
      timer.textContent = "0:00";
      tickHandle = window.setInterval(function () {
        var elapsed = (Date.now() - recordingStarted) / 1000;
        timer.textContent = clock(elapsed);
        if (elapsed >= maxSeconds) { stopRecording(); }
      }, 250);
      recordButton.disabled = true;
      stopButton.disabled = false;
      stopButton.focus();
      say("Recording… speak your answer, then press Stop and submit.");
    }).catch(function (err) {
      say("No microphone could be used (" + (err && err.name ? err.name : "refused") + "). Upload a recording or type your answer instead.", true);
    });
  }

  function stopRecording() {
    if (recorder && recorder.state !== "inactive") {
      stopButton.disabled = true;
      recorder.stop();
    }
  }

  if (canRecord) {
    recordButton.addEventListener("click", startRecording);
    stopButton.addEventListener("click", stopRecording);
  }

  // -- upload and progress ---------------------------------------------------------------------
  function failed(message) {
    busy = false;
    progress.hidden = true;
    recordButton.disabled = !canRecord;
    say(message + " Your typed-answer box above still works.", true);
  }

  function poll(url) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { failed(res.body.error ? res.body.error.message : "The status could not be read."); return; }
        var job = res.body;
        if (job.status === "done" && job.result) {
          say("Done. Opening your grade…");
          window.location.assign(job.result.url);
          return;
        }
        if (job.status === "failed") { failed(job.error || "The recording could not be transcribed."); return; }
        var stage = job.stage ? job.stage.charAt(0).toUpperCase() + job.stage.slice(1) : "Working";
        say(stage + (job.ahead ? " · " + job.ahead + " ahead of yours" : "") + "…");
        window.setTimeout(function () { poll(url); }, 800);
      })
      .catch(function () { window.setTimeout(function () { poll(url); }, 2000); });
  }

  function upload(blob, name) {
    busy = true;
    recordButton.disabled = true;
    progress.hidden = false;
    say("Uploading…");
    var body = new FormData();
    body.append("session_id", root.getAttribute("data-session"));
    body.append("question_id", root.getAttribute("data-question"));
    body.append("started_at", startedAt);
    body.append("recording", blob, name);
    fetch(root.getAttribute("data-upload-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, Accept: "application/json" }
    })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        if (!res.ok) { failed(res.body.error ? res.body.error.message : "The upload was refused."); return; }
        say("Uploaded. Waiting for transcription…");
        poll(res.body.status_url);
      })
      .catch(function () { failed("The upload did not reach the server."); });
  }

  if (form && fileInput) {
    form.addEventListener("submit", function (event) {
      if (!fileInput.files || !fileInput.files.length || busy) { return; }
      event.preventDefault();
      upload(fileInput.files[0], fileInput.files[0].name);
    });
  }
})();
