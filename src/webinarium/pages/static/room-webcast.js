// Webcast mode on the room page: an attendee the server moves to HLS (the
// snapshot's media.webcast, the media.webcast event) watches the presenters
// in a <video> on the stage instead of the SFU's streams, and sees each slide
// when the stream shows it: delay_seconds after slides.shown. With webcast_mode
// "optional" ({"optional": true}) the attendee chooses. An attendee on the
// stage (media.stage) publishes and watches on the SFU until taken off it.
// hls.js (vendor/, loaded only when needed) plays the stream; a browser with
// HLS of its own needs none.
// Uses window.webinariumRoom.
"use strict";

(function () {
  const roomApi = window.webinariumRoom;
  const stage = document.getElementById("stage");
  const slideImage = document.getElementById("stage-slide");
  const HLS_SCRIPT = "/static/vendor/hls.min.js";

  let webcast = null; // media.webcast, or null: the SFU
  let onStage = false; // a moderator brought me on the stage: I publish, on the SFU
  let watching = false; // the <video> plays the stream
  let player = null; // an Hls, when hls.js plays it
  let native = false; // the browser plays HLS itself
  let onScreen = null; // the slide the stream has reached: {src, alt, hidden}
  const pending = new Set(); // timers of slides still ahead in the stream

  const video = roomApi.el("video", {
    id: "webcast-video",
    className: "webcast-video",
    controls: true,
    playsInline: true,
    autoplay: true,
    hidden: true,
  });
  video.muted = true; // browsers only autoplay muted: the controls unmute
  const choice = roomApi.el("button", { type: "button", className: "button small webcast-choice", hidden: true });
  const note = roomApi.el("p", { className: "webcast-note muted", role: "status", hidden: true });
  stage.append(video, choice, note);

  function loadHls() {
    if (window.Hls) return Promise.resolve(window.Hls);
    return new Promise((resolve, reject) => {
      const script = roomApi.el("script", { src: HLS_SCRIPT });
      script.addEventListener("load", () => resolve(window.Hls));
      script.addEventListener("error", reject);
      document.head.append(script);
    });
  }

  function start() {
    if (watching) return;
    watching = true;
    video.hidden = false;
    const url = webcast.playlist_url;
    // Chromium and Safari with HLS of their own play the playlist as it is.
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      native = true;
      video.src = url;
      video.play().catch(() => {});
      return;
    }
    loadHls().then((Hls) => {
      if (!watching || !Hls.isSupported()) return;
      player = new Hls({ liveSyncDurationCount: 3 });
      player.on(Hls.Events.ERROR, (_, data) => {
        if (data.fatal) waitForPresenter(() => player && player.loadSource(webcast.playlist_url));
      });
      player.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch(() => {}));
      player.loadSource(url);
      player.attachMedia(video);
    }, () => {
      note.hidden = false;
      note.textContent = "The stream cannot be played in this browser.";
    });
  }

  function waitForPresenter(retry) {
    note.hidden = false;
    note.textContent = "Waiting for the presenter…";
    setTimeout(() => watching && retry(), 2000);
  }

  // No stream yet (nobody publishing: 404), or it broke off: try again until there is one.
  video.addEventListener("error", () => {
    if (!watching || !native) return;
    waitForPresenter(() => {
      video.src = webcast.playlist_url;
      video.play().catch(() => {});
    });
  });
  video.addEventListener("playing", () => {
    note.hidden = true;
  });

  function stop() {
    watching = false;
    native = false;
    if (player) player.destroy();
    player = null;
    video.removeAttribute("src");
    video.load();
    video.hidden = true;
    note.hidden = true;
    // Back on the SFU: slides as they are shown.
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
  }

  function apply(next) {
    const sameStream = webcast && next && webcast.playlist_url === next.playlist_url;
    if (watching && !sameStream) stop();
    webcast = next;
    render();
  }

  // What to watch, from the stream offered and the stage: optional streams
  // are the attendee's choice (the button), the others are played at once.
  function render() {
    const offered = Boolean(webcast) && !onStage;
    if (!offered) {
      if (watching) stop();
    } else if (!webcast.optional) {
      start();
    }
    choice.hidden = !(offered && webcast.optional);
    choice.textContent = watching ? "Watch live (no delay)" : "Watch the stream";
  }

  choice.addEventListener("click", () => {
    if (watching) stop();
    else start();
    render();
  });

  function slideState() {
    return { src: slideImage.getAttribute("src"), alt: slideImage.alt, hidden: slideImage.hidden };
  }

  function showSlide(state) {
    if (state.src) slideImage.src = state.src;
    slideImage.alt = state.alt;
    slideImage.hidden = state.hidden;
  }

  // room.js has put the new slide on the stage already; a stream watcher sees
  // it when the stream gets there: the one before stays until then.
  function delaySlide() {
    const next = slideState();
    if (!watching || !webcast) {
      onScreen = next;
      return;
    }
    if (onScreen) showSlide(onScreen);
    const timer = setTimeout(() => {
      pending.delete(timer);
      onScreen = next;
      showSlide(next);
    }, webcast.delay_seconds * 1000);
    pending.add(timer);
  }

  roomApi.on("room.snapshot", (data) => {
    onScreen = slideState();
    const me = data.me.member_id;
    onStage = Boolean(data.media && (data.media.stage || []).includes(me));
    apply((data.media && data.media.webcast) || null);
  });
  roomApi.on("media.stage", (data) => {
    const me = roomApi.me();
    if (!me || data.member_id !== me.member_id) return;
    onStage = Boolean(data.on);
    render();
  });
  roomApi.on("media.webcast", (data) => apply(data && data.playlist_url ? data : null));
  roomApi.on("slides.shown", delaySlide);
  roomApi.on("slides.stopped", delaySlide);
  roomApi.onEnd(() => stop());
})();
