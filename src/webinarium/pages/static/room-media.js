// Live audio and video in the room page (docs/media.md, "In the room";
// docs/room-protocol.md, "Media: live audio and video").
//
// The browser never talks to Janus: offers, answers and ICE candidates go
// through the room socket. Who may publish (presenters, moderators, an
// attendee a moderator invited on stage) publishes a "camera" feed (camera and
// microphone) and a "screen" feed, each on a peer connection of its own;
// everyone subscribes to every feed (Janus offers, this page answers), one
// peer connection per feed. Each feed is a tile on the media stage with its
// member's name and a speaking mark (the audio level getStats reports).
//
// What this page wants to publish (camera, mic, screen) is kept apart from the
// peer connections that carry it: a new socket, or Janus coming back after a
// restart, makes new peer connections and publishes the same tracks again.
"use strict";

(function () {
  const room = window.webinariumRoom;
  const $ = (id) => document.getElementById(id);
  const LEVEL_MS = 300; // how often the speaking marks are read
  const SPEAKING_LEVEL = 0.03; // getStats audioLevel (0..1) above which a tile shows speaking
  const SPEAKING_HOLD_MS = 900; // a mark stays on across a breath
  const ERRORS = {
    media_unavailable: "Live video is not available right now.",
    NotAllowedError: "The browser was not allowed to use it: allow the camera and microphone for this site.",
    NotFoundError: "No camera or microphone was found.",
    NotReadableError: "The camera or microphone is in use by another program.",
  };

  const state = {
    status: "unavailable", // Janus's: unavailable | down | up
    installHint: "",
    canPublish: false,
    stage: new Set(), // attendees a moderator brought on stage
    feeds: new Map(), // feed_id -> Feed, as the room last said
    webcast: null, // set: this member watches the HLS webcast, not the SFU
    iceServers: [],
    wasDown: false,
  };
  // What this page publishes, by kind: {stream, pc, feedId, audio, video}.
  // The stream (the local tracks) outlives the peer connections.
  const outgoing = new Map();
  const incoming = new Map(); // feed_id -> {pc, subscription, stream}
  const tiles = new Map(); // feed_id or "own-<kind>" -> the tile element
  const levels = new Map(); // tile key -> when it last heard speech (ms)
  let wantCamera = false;
  let wantMic = false;
  let soundBlocked = false;
  let acquiring = false; // asking the browser for the camera and microphone

  // ---- the room's words ------------------------------------------------------

  room.on("room.snapshot", (data) => {
    const media = data.media || {};
    state.iceServers = media.ice_servers || [];
    state.status = media.status || "unavailable";
    state.installHint = media.install_hint || "";
    state.canPublish = Boolean(media.can_publish);
    state.stage = new Set(media.stage || []);
    state.webcast = media.webcast || null;
    state.feeds = new Map((media.feeds || []).map((feed) => [feed.feed_id, feed]));
    state.wasDown = state.status === "down";
    if (!state.canPublish) stopAllOwn();
    render();
  });

  room.on("media.published", (feed) => {
    state.feeds.set(feed.feed_id, feed);
    // This page's own feed may be announced before media.publish's reply:
    // subscribeAll() runs again once the reply has said which it is.
    if (!publishing()) subscribe(feed.feed_id);
    render();
  });

  room.on("media.unpublished", (data) => {
    state.feeds.delete(data.feed_id);
    dropSubscription(data.feed_id);
    const own = ownKindOf(data.feed_id);
    if (own !== null) ownFeedGone(own, data.reason);
    render();
  });

  room.on("media.updated", (data) => {
    const feed = state.feeds.get(data.feed_id);
    if (feed) state.feeds.set(data.feed_id, { ...feed, audio: data.audio, video: data.video });
    render();
  });

  room.on("media.stage", (data) => {
    if (data.on) state.stage.add(data.member_id);
    else state.stage.delete(data.member_id);
    const me = room.me();
    if (me && data.member_id === me.member_id && me.role === "attendee") {
      state.canPublish = Boolean(data.on);
      if (!data.on) leaveStage();
      $("media-invited").hidden = !data.on;
    }
    render();
  });

  room.on("media.status", (data) => {
    const before = state.status;
    state.status = data.status;
    if (data.status === "down") {
      state.wasDown = true;
      // Janus is gone, and with it every peer connection's other end.
      for (const feedId of Array.from(incoming.keys())) dropSubscription(feedId);
      for (const entry of outgoing.values()) closePeer(entry);
    } else if (data.status === "up" && (state.wasDown || before !== "up")) {
      state.wasDown = false;
      republish();
      subscribeAll();
    }
    render();
  });

  room.on("media.webcast", (data) => {
    state.webcast = data && data.playlist_url ? data : null;
    if (state.webcast) for (const feedId of Array.from(incoming.keys())) unsubscribe(feedId);
    else subscribeAll();
    render();
  });

  // The end (or this member removed from the room): the devices are let go,
  // nothing more is received.
  function leave() {
    stopAllOwn();
    for (const feedId of Array.from(incoming.keys())) dropSubscription(feedId);
    state.feeds.clear();
    render();
  }
  room.onEnd(leave);
  room.on("member.banned", (data) => {
    const me = room.me();
    if (me && data.member_id === me.member_id) leave();
  });

  // Every socket (the first, and each after a drop) starts with no peer
  // connections on the server's side: ask for fresh ICE servers (a resumed
  // socket gets no snapshot), then subscribe and publish again. The reply comes
  // after the snapshot or the replayed events, so the feeds are current.
  room.onOpen(() => {
    for (const feedId of Array.from(incoming.keys())) dropSubscription(feedId);
    for (const entry of outgoing.values()) closePeer(entry);
    room.send("media.ice_servers", undefined, (reply) => {
      if (reply.ok) state.iceServers = reply.data.ice_servers;
      if (state.status !== "up") return;
      republish();
      subscribeAll();
      render();
    });
  });

  // ---- receiving -------------------------------------------------------------

  function subscribe(feedId) {
    if (incoming.has(feedId) || isOwnFeed(feedId) || state.webcast || state.status !== "up") return;
    const pc = new RTCPeerConnection({ iceServers: state.iceServers });
    const entry = { pc, subscription: null, stream: new MediaStream() };
    incoming.set(feedId, entry);
    const early = []; // candidates found before the subscription's id came back
    pc.addEventListener("icecandidate", (event) => {
      const candidate = candidateData(event.candidate);
      if (entry.subscription === null) early.push(candidate);
      else room.send("media.ice", { subscription: entry.subscription, candidate });
    });
    pc.addEventListener("track", (event) => {
      if (event.streams[0]) entry.stream = event.streams[0];
      else entry.stream.addTrack(event.track);
      render();
    });
    room.send("media.subscribe", { feed_id: feedId }, async (reply) => {
      if (incoming.get(feedId) !== entry) return;
      if (!reply.ok) {
        dropSubscription(feedId);
        // A feed that ended meanwhile is simply gone; Janus restarting or a
        // dropped socket are followed by subscribing again; anything else is said.
        if (reply.error.code === "not_found") state.feeds.delete(feedId);
        else if (!["media_unavailable", "disconnected"].includes(reply.error.code)) showError(reply.error);
        render();
        return;
      }
      entry.subscription = reply.data.subscription;
      try {
        await pc.setRemoteDescription({ type: "offer", sdp: reply.data.sdp });
        await pc.setLocalDescription(await pc.createAnswer());
      } catch (error) {
        dropSubscription(feedId);
        showError({ message: `Could not receive ${nameOf(feedId)}: ${error.message}` });
        return;
      }
      if (incoming.get(feedId) !== entry) return;
      room.send("media.answer", { subscription: entry.subscription, sdp: pc.localDescription.sdp }, (answered) => {
        if (!answered.ok) showError(answered.error);
      });
      for (const candidate of early.splice(0)) room.send("media.ice", { subscription: entry.subscription, candidate });
    });
  }

  function dropSubscription(feedId) {
    const entry = incoming.get(feedId);
    if (!entry) return;
    incoming.delete(feedId);
    entry.pc.close();
  }

  function unsubscribe(feedId) {
    const entry = incoming.get(feedId);
    if (entry && entry.subscription !== null) room.send("media.unsubscribe", { subscription: entry.subscription });
    dropSubscription(feedId);
  }

  // ---- publishing ------------------------------------------------------------

  function candidateData(candidate) {
    // null (or Chrome's empty candidate) is the end of gathering.
    if (!candidate || !candidate.candidate) return null;
    return { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex };
  }

  const isOwnFeed = (feedId) => ownKindOf(feedId) !== null;
  // A publish sent and not answered yet: its feed id is still unknown.
  const publishing = () => Array.from(outgoing.values()).some((entry) => entry.pc !== null && entry.feedId === null);

  function subscribeAll() {
    if (publishing()) return;
    for (const feedId of state.feeds.keys()) if (!isOwnFeed(feedId)) subscribe(feedId);
  }

  function ownKindOf(feedId) {
    for (const [kind, entry] of outgoing) if (entry.feedId === feedId) return kind;
    return null;
  }

  function publish(kind) {
    const entry = outgoing.get(kind);
    if (!entry || state.status !== "up") return;
    closePeer(entry);
    const pc = new RTCPeerConnection({ iceServers: state.iceServers });
    entry.pc = pc;
    entry.feedId = null;
    const early = [];
    pc.addEventListener("icecandidate", (event) => {
      const candidate = candidateData(event.candidate);
      if (entry.pc !== pc) return;
      if (entry.feedId === null) early.push(candidate);
      else room.send("media.ice", { feed_id: entry.feedId, candidate });
    });
    for (const track of entry.stream.getTracks()) {
      pc.addTransceiver(track, { direction: "sendonly", streams: [entry.stream] });
    }
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .then(() => {
        if (entry.pc !== pc) return;
        const data = { sdp: pc.localDescription.sdp, kind, audio: entry.audio, video: entry.video };
        room.send("media.publish", data, async (reply) => {
          if (entry.pc !== pc) return;
          if (!reply.ok) {
            closePeer(entry);
            // Janus restarting, or the socket dropped: this page publishes
            // again at media.status "up", or on the next socket.
            const later =
              reply.error.code === "disconnected" || (reply.error.code === "media_unavailable" && state.status !== "unavailable");
            if (!later) {
              showError(reply.error);
              stopOwn(kind);
            }
            subscribeAll();
            render();
            return;
          }
          entry.feedId = reply.data.feed_id;
          // Camera or mic switched while the publish was on its way.
          if (entry.audio !== data.audio || entry.video !== data.video) {
            room.send("media.update", { feed_id: entry.feedId, audio: entry.audio, video: entry.video });
          }
          subscribeAll();
          await pc.setRemoteDescription({ type: "answer", sdp: reply.data.sdp });
          for (const candidate of early.splice(0)) room.send("media.ice", { feed_id: entry.feedId, candidate });
          render();
        });
      })
      .catch((error) => showError({ message: `Could not publish: ${error.message}` }));
  }

  function republish() {
    for (const kind of outgoing.keys()) publish(kind);
  }

  function closePeer(entry) {
    if (entry.pc) entry.pc.close();
    entry.pc = null;
    entry.feedId = null;
  }

  function unpublish(kind) {
    const entry = outgoing.get(kind);
    if (entry && entry.feedId !== null) room.send("media.unpublish", { feed_id: entry.feedId });
    stopOwn(kind);
  }

  // This page sends no more of ``kind``: the peer connection closes, the
  // devices are let go (the camera's light goes off).
  function stopOwn(kind) {
    const entry = outgoing.get(kind);
    if (!entry) return;
    closePeer(entry);
    for (const track of entry.stream.getTracks()) track.stop();
    outgoing.delete(kind);
    if (kind === "camera") wantCamera = wantMic = false;
  }

  // Taken off the stage: the server ends this member's feeds; the page ends
  // them too, and lets the devices go once the server has heard (a peer
  // connection closed first could end the feed before the server's own end
  // found it, and then nobody would say it ended).
  function leaveStage() {
    for (const [kind, entry] of outgoing) {
      if (entry.feedId === null) stopOwn(kind);
      else room.send("media.unpublish", { feed_id: entry.feedId }, () => stopOwn(kind));
    }
  }

  function stopAllOwn() {
    for (const kind of Array.from(outgoing.keys())) stopOwn(kind);
  }

  // The server ended one of this page's feeds.
  function ownFeedGone(kind, reason) {
    if (reason === "left" || reason === "media_server_restarted") {
      // The connection (or Janus) went away, not this page's wish: publish
      // again once Janus is up (now, or at its media.status "up").
      closePeer(outgoing.get(kind));
      if (state.status === "up") publish(kind);
    } else {
      // Stopped by a moderator, or taken off the stage.
      stopOwn(kind);
    }
  }

  // Camera and microphone are one "camera" feed: turning one off disables its
  // track (and says so with media.update); turning both off ends the feed.
  async function toggleCamera(video, audio) {
    $("media-error").textContent = "";
    const entry = outgoing.get("camera");
    if (!video && !audio) {
      unpublish("camera");
      render();
      return;
    }
    if (entry && hasTracks(entry.stream, video, audio)) {
      wantCamera = video;
      wantMic = audio;
      setEnabled(entry, video, audio);
      if (entry.feedId !== null) room.send("media.update", { feed_id: entry.feedId, audio, video });
      render();
      return;
    }
    // A track asked for is not there yet: get the devices and publish anew.
    acquiring = true;
    render();
    let stream;
    try {
      stream = await userMedia(video, audio);
    } catch (error) {
      showError({ message: ERRORS[error.name] || error.message });
      return;
    } finally {
      acquiring = false;
      render();
    }
    unpublish("camera");
    wantCamera = video;
    wantMic = audio;
    const fresh = { stream, pc: null, feedId: null, audio, video };
    setEnabled(fresh, video, audio);
    outgoing.set("camera", fresh);
    publish("camera");
    render();
  }

  // Both devices at once, so that turning the other on later is a switch, not
  // a new feed; what was asked for alone when the other is missing or refused.
  async function userMedia(video, audio) {
    const camera = { width: { ideal: 1280 }, height: { ideal: 720 } };
    const microphone = { echoCancellation: true, noiseSuppression: true };
    try {
      return await navigator.mediaDevices.getUserMedia({ video: camera, audio: microphone });
    } catch (error) {
      return navigator.mediaDevices.getUserMedia({ video: video ? camera : false, audio: audio ? microphone : false });
    }
  }

  function hasTracks(stream, video, audio) {
    return (!video || stream.getVideoTracks().length > 0) && (!audio || stream.getAudioTracks().length > 0);
  }

  function setEnabled(entry, video, audio) {
    entry.video = video;
    entry.audio = audio;
    for (const track of entry.stream.getVideoTracks()) track.enabled = video;
    for (const track of entry.stream.getAudioTracks()) track.enabled = audio;
  }

  async function shareScreen() {
    $("media-error").textContent = "";
    let stream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      if (error.name !== "NotAllowedError") showError({ message: ERRORS[error.name] || error.message });
      return;
    }
    unpublish("screen");
    outgoing.set("screen", { stream, pc: null, feedId: null, audio: false, video: true });
    // The browser's own "Stop sharing" ends the track.
    for (const track of stream.getVideoTracks()) {
      track.addEventListener("ended", () => {
        if (outgoing.get("screen") && outgoing.get("screen").stream === stream) {
          unpublish("screen");
          render();
        }
      });
    }
    publish("screen");
    render();
  }

  $("media-camera").addEventListener("click", () => toggleCamera(!wantCamera, wantMic));
  $("media-mic").addEventListener("click", () => toggleCamera(wantCamera, !wantMic));
  $("media-screen").addEventListener("click", () => {
    if (outgoing.has("screen")) {
      unpublish("screen");
      render();
    } else shareScreen();
  });
  $("media-sound").addEventListener("click", () => {
    soundBlocked = false;
    for (const video of $("media-tiles").querySelectorAll("video[data-remote]")) {
      video.muted = false;
      video.play().catch(() => null);
    }
    render();
  });

  // ---- the stage's tiles -------------------------------------------------------

  function nameOf(feedId) {
    const feed = state.feeds.get(feedId);
    return feed ? feed.name || "Guest" : "a presenter";
  }

  function shown() {
    // key -> {stream, name, kind, audio, video, own, memberId}
    const list = new Map();
    const me = room.me();
    for (const [kind, entry] of outgoing) {
      const name = me ? me.name || "You" : "You";
      list.set(`own-${kind}`, { stream: entry.stream, name: kind === "screen" ? "Your screen" : `${name} (you)`, kind, audio: entry.audio, video: entry.video, own: true, live: entry.feedId !== null });
    }
    for (const [feedId, entry] of incoming) {
      const feed = state.feeds.get(feedId);
      if (!feed) continue;
      const name = feed.name || "Guest";
      list.set(feedId, { stream: entry.stream, name: feed.kind === "screen" ? `${name}'s screen` : name, kind: feed.kind, audio: feed.audio, video: feed.video, own: false, live: true, memberId: feed.member_id });
    }
    return list;
  }

  function tile(key, item) {
    let node = tiles.get(key);
    if (!node) {
      const video = room.el("video", { autoplay: "", playsinline: "", "data-remote": item.own ? null : "" });
      // Your own picture never plays your own voice back to you.
      video.muted = item.own || soundBlocked;
      const initial = room.el("span", { className: "media-initial", "aria-hidden": "true" });
      node = room.el(
        "figure",
        { className: "media-tile", "data-key": key, "data-kind": item.kind },
        video,
        initial,
        room.el(
          "figcaption",
          {},
          room.el("span", { className: "media-speaking", title: "Speaking" }),
          room.el("span", { className: "media-name" }),
          room.el("span", { className: "media-mic-off", title: "Microphone off" }, "mic off"),
        ),
      );
      tiles.set(key, node);
    }
    const video = node.querySelector("video");
    if (video.srcObject !== item.stream) {
      video.srcObject = item.stream;
      if (!item.own) play(video);
    }
    if (!item.own) node.dataset.feedId = key;
    else delete node.dataset.feedId;
    if (item.memberId) node.dataset.memberId = item.memberId;
    node.dataset.own = String(item.own);
    node.dataset.video = String(item.video && item.stream.getVideoTracks().length > 0);
    node.dataset.audio = String(Boolean(item.audio));
    node.querySelector(".media-initial").textContent = (item.name.trim()[0] || "?").toUpperCase();
    node.querySelector(".media-name").textContent = item.name;
    node.setAttribute("aria-label", item.name);
    return node;
  }

  function play(video) {
    video.play().catch((error) => {
      // Browsers play sound only after the person has done something on the
      // page: play muted, and offer "Turn on sound".
      if (error.name !== "NotAllowedError") return;
      soundBlocked = true;
      video.muted = true;
      video.play().catch(() => null);
      $("media-sound").hidden = false;
    });
  }

  function render() {
    const list = shown();
    for (const [key, node] of tiles) {
      if (!list.has(key)) {
        node.querySelector("video").srcObject = null;
        node.remove();
        tiles.delete(key);
        levels.delete(key);
      }
    }
    // Screens first (they are what is read), then cameras, each in the room's order.
    const ordered = Array.from(list).sort(([, a], [, b]) => (a.kind === b.kind ? 0 : a.kind === "screen" ? -1 : 1));
    const nodes = ordered.map(([key, item]) => tile(key, item));
    const box = $("media-tiles");
    // Moved only when the order changes: a <video> taken out of the page pauses.
    if (nodes.length !== box.children.length || nodes.some((node, i) => box.children[i] !== node)) box.replaceChildren(...nodes);
    box.dataset.count = String(ordered.length);
    renderControls(ordered.length);
    markStageButtons();
  }

  function renderControls(tileCount) {
    const publisher = state.canPublish && !state.webcast;
    const available = state.status !== "unavailable";
    $("media-bar").hidden = !(publisher && available);
    for (const id of ["media-camera", "media-mic", "media-screen"]) $(id).disabled = state.status !== "up" || acquiring;
    pressed("media-camera", wantCamera, "Turn camera off", "Turn camera on");
    pressed("media-mic", wantMic, "Turn mic off", "Turn mic on");
    pressed("media-screen", outgoing.has("screen"), "Stop sharing", "Share screen");
    const me = room.me();
    $("media-invited").hidden = !(me && me.role === "attendee" && publisher);

    let notice = "";
    if (state.status === "unavailable" && room.isStaff()) {
      // The server's hint says what to install ("live video needs Janus: install it (…)").
      const hint = (state.installHint || "live video needs Janus: install it (sudo apt install janus)").replace(/\.$/, "");
      notice = `${hint[0].toUpperCase()}${hint.slice(1)}, then restart Webinarium (docs/media.md). Chat, questions, polls and slides work without it.`;
    } else if (state.status === "down" && (publisher || tileCount > 0 || state.feeds.size > 0)) {
      notice = "Reconnecting media…";
    }
    $("media-notice").textContent = notice;
    $("media-notice").hidden = !notice;
    $("media-notice").dataset.status = state.status;
    $("media-sound").hidden = !soundBlocked || incoming.size === 0;

    const visible = tileCount > 0 || !$("media-bar").hidden || Boolean(notice);
    $("media").hidden = !visible;
    if (visible) document.body.dataset.media = "";
    else delete document.body.dataset.media;
  }

  function pressed(id, on, onText, offText) {
    const button = $(id);
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? onText : offText;
  }

  function showError(error) {
    $("media-error").textContent = ERRORS[error.code] && !error.message ? ERRORS[error.code] : error.message || room.errorText(error);
  }

  // ---- speaking marks --------------------------------------------------------

  // The audio level of what this page sends (media-source) and receives
  // (inbound-rtp), as getStats reports it: no audio graph, so nothing waits
  // for the browser to allow sound.
  async function audioLevel(pc, type) {
    if (!pc || pc.connectionState === "closed") return 0;
    let level = 0;
    const report = await pc.getStats();
    report.forEach((stats) => {
      if (stats.type === type && stats.kind === "audio" && typeof stats.audioLevel === "number") {
        level = Math.max(level, stats.audioLevel);
      }
    });
    return level;
  }

  async function readLevels() {
    const now = Date.now();
    const reads = [];
    for (const [kind, entry] of outgoing) {
      reads.push([`own-${kind}`, entry.audio ? audioLevel(entry.pc, "media-source") : Promise.resolve(0)]);
    }
    for (const [feedId, entry] of incoming) {
      const feed = state.feeds.get(feedId);
      reads.push([feedId, feed && feed.audio ? audioLevel(entry.pc, "inbound-rtp") : Promise.resolve(0)]);
    }
    for (const [key, read] of reads) {
      const level = await read.catch(() => 0);
      if (level > SPEAKING_LEVEL) levels.set(key, now);
      const node = tiles.get(key);
      if (node) node.dataset.speaking = String(now - (levels.get(key) || 0) < SPEAKING_HOLD_MS);
    }
  }
  setInterval(() => {
    if (tiles.size > 0) readLevels().catch(() => null);
  }, LEVEL_MS);

  // ---- the moderators' "Invite to stage" in the people list ------------------

  function markStageButtons() {
    // Without Janus nobody can be seen on stage: no button offers it.
    const offered = room.isModerator() && state.status !== "unavailable";
    for (const item of $("members").querySelectorAll('li[data-role="attendee"]')) {
      if (!offered) {
        for (const button of item.querySelectorAll(".media-stage-button")) button.remove();
        continue;
      }
      const memberId = item.dataset.memberId;
      const on = state.stage.has(memberId);
      let button = item.querySelector(".media-stage-button");
      if (!button) {
        button = room.el("button", { type: "button", className: "link-button media-stage-button" });
        button.addEventListener("click", () => {
          $("people-error").textContent = "";
          const data = { member_id: memberId, on: !state.stage.has(memberId) };
          room.send("media.stage", data, (reply) => {
            if (!reply.ok) $("people-error").textContent = room.errorText(reply.error);
          });
        });
        item.insertBefore(button, item.querySelector(".link-button"));
      }
      const name = item.querySelector(".name").textContent;
      const text = on ? "Remove from stage" : "Invite to stage";
      if (button.textContent !== text) button.textContent = text;
      button.setAttribute("aria-label", `${text}: ${name}`);
    }
  }
  // room.js draws the people list afresh on each presence event.
  new MutationObserver(markStageButtons).observe($("members"), { childList: true });

  // Reading a feed's received media, for the page's tests and a curious
  // console: the subscription, frames decoded, the connection's state.
  window.webinariumMedia = {
    async received(feedId) {
      const entry = incoming.get(feedId);
      if (!entry) return null;
      let framesDecoded = 0;
      (await entry.pc.getStats()).forEach((stats) => {
        if (stats.type === "inbound-rtp" && stats.kind === "video") framesDecoded += stats.framesDecoded || 0;
      });
      return { subscription: entry.subscription, framesDecoded, connectionState: entry.pc.connectionState };
    },
    feeds: () => Array.from(state.feeds.values()),
  };
})();
