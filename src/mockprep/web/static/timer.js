// The answer countdown: the only script on the practice page. Without it the page still
// states the time limit; answers are accepted (and graded) after time runs out too.
(function () {
  "use strict";
  var timer = document.getElementById("timer");
  if (!timer) { return; }
  var clock = timer.querySelector(".timer-clock");
  var alertBox = document.getElementById("timer-alert");
  var total = parseInt(timer.getAttribute("data-seconds"), 10);
  if (!clock || !(total > 0)) { return; }
  var deadline = Date.now() + total * 1000;
  var warned = false;

  function format(seconds) {
    var s = Math.abs(seconds);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left >= 0) {
      clock.textContent = format(left) + " left";
      if (left === 30 && !warned && alertBox) { alertBox.textContent = "30 seconds left."; warned = true; }
    } else {
      clock.textContent = "over by " + format(left);
      if (!timer.classList.contains("over")) {
        timer.classList.add("over");
        if (alertBox) { alertBox.textContent = "Time is up. Finish your sentence and submit."; }
      }
    }
  }

  tick();
  window.setInterval(tick, 1000);
})();
