// The room's video, in sync for everyone (docs/room-protocol.md, "Video").
//
// The server says where the video was (`position`) at a moment (`at`, its
// clock); a viewer plays it from position + (now − at), now read on the
// server's clock (this browser's clock corrected by the snapshot's `at`). A
// file plays in a <video> (sought again when it drifts); YouTube and Vimeo in
// their own players, loaded again at the right second on every change. Browsers
// play only muted videos by themselves: the video starts muted, with "Unmute".
// Attendees have no controls that move the video; presenters and moderators
// send video.play / video.pause (a seek: with a position) / video.stop.
(() => {
  "use strict";
  const room = window.webinariumRoom;
  const $ = (id) => document.getElementById(id);
  const box = $("stage-video");
  const frame = $("video-frame");
  const note = $("video-note");
  // Further apart than this (seconds), a playing <video> is sought back into
  // step (two viewers are then at most twice this apart); a paused one is put
  // exactly where it was paused.
  const DRIFT_S = 0.75;
  const SYNC_MS = 2000;

  let current = null; // {url, position, at, paused} as the server last said
  let clockSkew = 0; // the server's clock minus this browser's, in ms
  let player = null; // the <video> or <iframe> shown
  let shownKey = null; // what the player was made for (an embed is made again on each change)
  let failedUrl = null; // the file this browser could not play
  let muted = true;
  let volume = 1;

  // ---- where the video is ----------------------------------------------------

  function positionNow(video) {
    if (video.paused) return video.position;
    const played = (Date.now() + clockSkew - Date.parse(video.at)) / 1000;
    return Math.max(0, video.position + Math.max(0, played));
  }

  // The same reading of a link as the server's (live/video_links.py).
  function youtubeId(url) {
    const host = url.hostname.toLowerCase();
    const on = (site) => host === site || host.endsWith("." + site);
    const segments = url.pathname.split("/").filter(Boolean);
    let id = null;
    if (on("youtu.be")) id = segments[0] || null;
    else if (on("youtube.com")) {
      if (segments.length === 1 && segments[0] === "watch") id = url.searchParams.get("v");
      else if (segments.length >= 2 && ["embed", "shorts", "live", "v"].includes(segments[0])) id = segments[1];
    }
    return id && /^[A-Za-z0-9_-]{11}$/.test(id) ? id : null;
  }

  function vimeoId(url) {
    const host = url.hostname.toLowerCase();
    if (!(host === "vimeo.com" || host.endsWith(".vimeo.com"))) return null;
    return url.pathname.split("/").find((segment) => /^[0-9]+$/.test(segment)) || null;
  }

  // The site's player for a YouTube or Vimeo link, from `seconds`, muted (so
  // that it may start by itself); null for any other link.
  function embedUrl(link, seconds) {
    let url;
    try {
      url = new URL(link, location.href);
    } catch (error) {
      return null;
    }
    const start = Math.floor(seconds);
    const youtube = youtubeId(url);
    if (youtube) return `https://www.youtube-nocookie.com/embed/${youtube}?start=${start}&autoplay=1&mute=1&playsinline=1`;
    const vimeo = vimeoId(url);
    if (vimeo) return `https://player.vimeo.com/video/${vimeo}?autoplay=1&muted=1#t=${start}s`;
    return null;
  }

  function clock(seconds) {
    const whole = Math.max(0, Math.floor(seconds));
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const s = String(whole % 60).padStart(2, "0");
    return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  }

  // ---- showing it ------------------------------------------------------------

  function show(video) {
    current = video;
    $("video-error").textContent = "";
    box.hidden = !video;
    if (!video) {
      clear();
      return;
    }
    const embed = embedUrl(video.url, positionNow(video));
    if (embed) showEmbed(video, embed);
    else showFile(video);
    box.dataset.kind = embed ? "embed" : "file";
    box.dataset.state = failedUrl === video.url ? "failed" : video.paused ? "paused" : "playing";
    $("video-toggle").textContent = video.paused ? "Play" : "Pause";
    tick();
  }

  function clear() {
    if (player && player.tagName === "VIDEO") player.removeAttribute("src");
    frame.replaceChildren();
    player = null;
    shownKey = null;
    note.hidden = true;
  }

  function showEmbed(video, embed) {
    const key = `${video.url} ${video.position} ${video.at} ${video.paused}`;
    if (key === shownKey) return;
    clear();
    shownKey = key;
    if (video.paused) {
      // The site's player cannot be held at a second from here: it is taken
      // away while paused and loaded again at the right second on play.
      showNote(`Paused at ${clock(video.position)}`);
      return;
    }
    player = room.el("iframe", {
      className: "video-embed",
      src: embed,
      title: "Video",
      allow: "autoplay; encrypted-media; picture-in-picture; fullscreen",
      allowfullscreen: "",
      referrerpolicy: "strict-origin-when-cross-origin",
    });
    frame.replaceChildren(player);
  }

  function showFile(video) {
    if (player && player.tagName === "VIDEO" && shownKey === video.url) {
      sync();
      return;
    }
    clear();
    shownKey = video.url;
    player = room.el("video", { className: "video-file", playsinline: "", preload: "auto" });
    player.muted = muted;
    player.volume = volume;
    player.addEventListener("loadedmetadata", () => {
      $("video-seek").max = String(Math.floor(player.duration || 0));
      sync();
    });
    player.addEventListener("error", failed);
    player.addEventListener("playing", () => {
      if (failedUrl !== video.url) note.hidden = true;
    });
    player.src = video.url;
    frame.replaceChildren(player);
  }

  function showNote(text) {
    note.textContent = text;
    note.hidden = false;
  }

  // A file the browser cannot play: said on the stage, with the link to try elsewhere.
  function failed() {
    failedUrl = current ? current.url : null;
    box.dataset.state = "failed";
    const link = room.el("a", { href: current ? current.url : "#", target: "_blank", rel: "noopener noreferrer" }, "Open the video");
    note.replaceChildren("This video cannot be played here. ", link);
    note.hidden = false;
  }

  // Puts the <video> where the server's clock says, playing or paused.
  function sync() {
    if (!current || !player || player.tagName !== "VIDEO" || player.readyState < 1) return;
    if (failedUrl === current.url) return;
    let target = positionNow(current);
    if (Number.isFinite(player.duration)) target = Math.min(target, player.duration);
    const drift = current.paused ? 0.05 : DRIFT_S;
    if (Math.abs(player.currentTime - target) > drift) player.currentTime = target;
    if (current.paused) {
      if (!player.paused) player.pause();
    } else if (player.paused && !player.ended) {
      player.play().catch(() => {
        // Not allowed to start by itself (sound on, no click yet): say so.
        showNote("Click “Unmute” to play the video.");
      });
    }
  }

  function tick() {
    if (!current) return;
    const known = player && player.tagName === "VIDEO" && Number.isFinite(player.duration);
    const at = known ? Math.min(positionNow(current), player.duration) : positionNow(current);
    $("video-time").textContent = clock(at) + (known ? ` / ${clock(player.duration)}` : "");
    const seek = $("video-seek");
    if (document.activeElement !== seek) seek.value = String(Math.floor(at));
    seek.closest("label").hidden = !(player && player.tagName === "VIDEO");
    $("video-unmute").hidden = box.dataset.kind !== "file";
    $("video-volume").closest("label").hidden = box.dataset.kind !== "file";
  }

  setInterval(() => {
    sync();
    tick();
  }, SYNC_MS);
  setInterval(tick, 500);

  // ---- what the room says ----------------------------------------------------

  room.on("room.snapshot", (data, message) => {
    // The snapshot's own time is the server's "now": the clock to play by.
    if (message && message.at) clockSkew = Date.parse(message.at) - Date.now();
    show(data.video ? { ...data.video, paused: Boolean(data.video.paused) } : null);
    listVideoFiles(data.video_files || []);
  });
  room.on("video.playing", (data) => show({ ...data, paused: false }));
  room.on("video.paused", (data) => show({ ...data, paused: true }));
  room.on("video.stopped", () => show(null));

  // ---- everyone: sound ---------------------------------------------------------

  $("video-unmute").addEventListener("click", () => {
    muted = !muted;
    $("video-unmute").textContent = muted ? "Unmute" : "Mute";
    if (player && player.tagName === "VIDEO") {
      player.muted = muted;
      note.hidden = true;
      sync();
    }
  });
  $("video-volume").addEventListener("input", (event) => {
    volume = Number(event.target.value);
    if (player && player.tagName === "VIDEO") player.volume = volume;
  });

  // ---- presenters and moderators: the video for everyone -----------------------

  function command(cmd, data, errorNode) {
    errorNode.textContent = "";
    room.send(cmd, data, (reply) => {
      if (!reply.ok) errorNode.textContent = room.errorText(reply.error);
    });
  }

  function seekBy(seconds) {
    if (!current) return;
    const position = Math.max(0, positionNow(current) + seconds);
    command(current.paused ? "video.pause" : "video.play", { position }, $("video-error"));
  }

  $("video-toggle").addEventListener("click", () => {
    if (current) command(current.paused ? "video.play" : "video.pause", undefined, $("video-error"));
  });
  $("video-back").addEventListener("click", () => seekBy(-10));
  $("video-forward").addEventListener("click", () => seekBy(10));
  $("video-seek").addEventListener("change", (event) => {
    if (!current) return;
    const position = Number(event.target.value);
    command(current.paused ? "video.pause" : "video.play", { position }, $("video-error"));
  });
  $("video-stop").addEventListener("click", () => command("video.stop", undefined, $("video-error")));
  // The conference's pre-loaded videos (the staff's snapshot lists them).
  function listVideoFiles(files) {
    const select = $("video-file");
    const picked = select.value;
    select.replaceChildren(
      ...files.map((file) => {
        const length = file.duration == null ? "" : ` (${clock(file.duration)})`;
        return room.el("option", { value: file.id }, file.name + length);
      }),
    );
    if (files.some((file) => file.id === picked)) select.value = picked;
    $("video-pick").toggleAttribute("data-empty", files.length === 0);
  }

  $("video-pick").addEventListener("submit", (event) => {
    event.preventDefault();
    const fileId = $("video-file").value;
    if (fileId) command("video.play", { file_id: fileId }, $("video-pick-error"));
  });
  $("video-start").addEventListener("submit", (event) => {
    event.preventDefault();
    const url = $("video-url").value.trim();
    command("video.play", { url }, $("video-start-error"));
  });
})();
