// The on-demand page reports how long its video has played (pages/recording.py):
// the seconds actually played in this view (not the position: seeking ahead
// is not watching), every few seconds while it plays and once more as the
// page goes. The server keeps the most it was told, within the video's length.
"use strict";
(function () {
  const video = document.getElementById("recording");
  if (!video || !video.dataset.view) return;
  const address = window.location.pathname.replace(/\/$/, "") + "/watched" + window.location.search;
  const every = Number(video.dataset.reportSeconds) * 1000;
  let played = 0;        // seconds played, summed over the stretches played
  let last = null;       // the position when the time last moved while playing
  let reported = -1;

  function count() {
    const now = video.currentTime;
    // A jump (a seek) of more than a couple of seconds is not watching.
    if (last !== null && now > last && now - last < 2) played += now - last;
    last = now;
  }

  function body() {
    return new URLSearchParams({ view: video.dataset.view, seconds: String(Math.floor(played)) });
  }

  function report() {
    count();
    if (Math.floor(played) === reported) return;
    reported = Math.floor(played);
    fetch(address, { method: "POST", body: body(), keepalive: true, credentials: "omit" })
      .catch(function () { reported = -1; });
  }

  function reportLeaving() {
    count();
    if (Math.floor(played) === reported) return;
    reported = Math.floor(played);
    navigator.sendBeacon(address, body());
  }

  video.addEventListener("timeupdate", count);
  video.addEventListener("seeking", function () { last = null; });
  video.addEventListener("playing", function () { last = video.currentTime; });
  video.addEventListener("pause", report);
  video.addEventListener("ended", report);
  window.setInterval(function () { if (!video.paused) report(); }, every);
  window.addEventListener("pagehide", reportLeaving);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") reportLeaving();
  });
})();
