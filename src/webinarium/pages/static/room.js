// The room's client: speaks the room protocol (docs/room-protocol.md) over
// /room/ws with the ticket of <meta name="webinarium-ticket">. Plain JavaScript,
// no build step. Every text that comes from people goes through textContent.
"use strict";

(function () {
  const PING_MS = 25000; // the server closes a socket silent for 60 s
  const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];
  const EXIT_DELAY_MS = 3000;
  const NOT_OPEN_RETRY_MS = 30000;
  const REFUSED = 4403;
  const UNAUTHORIZED = 4401;
  const ENDED = 4409;
  const STAFF = ["presenter", "moderator"];
  const BADGES = { bot: "bot", moderator: "host", presenter: "presenter" };
  const ERRORS = {
    chat_locked: "Chat is locked.",
    links_locked: "Links are not allowed in the chat right now.",
    rate_limited: "You are sending too fast: wait a moment.",
    forbidden: "You may not do that here.",
    room_ended: "The webinar has ended.",
    room_not_open: "The room is not open yet.",
    not_found: "That is no longer here.",
    poll_closed: "This poll is closed.",
    already_voted: "You have already voted in this poll.",
  };

  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const ticket = document.querySelector('meta[name="webinarium-ticket"]').content;

  // What the room shows; reset by every room.snapshot, changed by events.
  const room = {
    seq: null,
    me: null,
    status: "connecting",
    startsAt: new Date(document.getElementById("countdown").dataset.startsAt),
    chatLocked: false,
    linksLocked: false,
    moderated: false,
  };
  const questions = new Map(); // id -> the question as last heard
  const voted = new Set(); // questions this member upvoted: the snapshot says, then this page adds
  // id -> {id, question, selection_method, choices, status, results, voters, voted}
  const polls = new Map();

  // Small DOM helpers: strings always become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "className") node.className = value;
      else if (name === "onclick") node.addEventListener("click", value);
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  const isStaff = () => room.me !== null && STAFF.includes(room.me.role);
  const isModerator = () => room.me !== null && room.me.role === "moderator";

  function badge(role) {
    const label = BADGES[role];
    return label ? el("span", { className: "badge badge-" + role }, label) : null;
  }

  function errorText(error) {
    return ERRORS[error.code] || error.message || "Something went wrong.";
  }

  // ---- the socket ----------------------------------------------------------

  let socket = null;
  let pingTimer = null;
  let attempt = 0;
  let nextId = 1;
  let finished = false; // ended or refused: no more reconnecting
  const waiting = new Map(); // command id -> callback(reply)

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    let url = `${scheme}//${location.host}/room/ws?ticket=${encodeURIComponent(ticket)}`;
    if (room.seq !== null) url += `&since=${room.seq}`;
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      attempt = 0;
      showConnection(null);
      pingTimer = setInterval(() => send("ping"), PING_MS);
      for (const hook of openHooks) hook();
    });
    socket.addEventListener("message", (message) => receive(JSON.parse(message.data)));
    socket.addEventListener("close", closed);
  }

  function closed(event) {
    clearInterval(pingTimer);
    for (const callback of waiting.values()) {
      callback({ ok: false, error: { code: "disconnected", message: "Connection lost: try again." } });
    }
    waiting.clear();
    if (finished) return;
    const reason = event.reason || "";
    if (event.code === ENDED) {
      showEnded(null);
    } else if (event.code === UNAUTHORIZED) {
      refuse("This link has expired", "Open your link to the webinar again.");
    } else if (event.code === REFUSED && reason.startsWith("room_not_open")) {
      showConnection("The room is not open yet. This page will try again shortly.");
      setTimeout(connect, NOT_OPEN_RETRY_MS);
    } else if (event.code === REFUSED) {
      // The reason is "<code>: <sentence>"; the sentence says why.
      const why = reason.includes(": ") ? reason.slice(reason.indexOf(": ") + 2) : "";
      refuse("You cannot enter this room", why || "The organiser has not let you in.");
    } else {
      const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
      attempt += 1;
      showConnection("Connection lost. Reconnecting…");
      setTimeout(connect, delay);
    }
  }

  function send(cmd, data, callback) {
    if (socket === null || socket.readyState !== WebSocket.OPEN) {
      if (callback) callback({ ok: false, error: { code: "disconnected", message: "Not connected: try again in a moment." } });
      return;
    }
    const id = nextId++;
    if (callback) waiting.set(id, callback);
    socket.send(JSON.stringify(data === undefined ? { id, cmd } : { id, cmd, data }));
  }

  function receive(frame) {
    if ("re" in frame) {
      const callback = waiting.get(frame.re);
      waiting.delete(frame.re);
      if (callback) callback(frame);
      return;
    }
    if (typeof frame.seq === "number" && (room.seq === null || frame.seq > room.seq)) room.seq = frame.seq;
    const handler = EVENTS[frame.event];
    if (handler) handler(frame.data || {});
    // The frame too: its "at" is the server's clock (room-video.js keeps time by it).
    for (const listener of listeners.get(frame.event) || []) listener(frame.data || {}, frame);
  }

  // ---- events --------------------------------------------------------------

  const EVENTS = {
    "room.snapshot": snapshot,
    "room.status": (data) => setStatus(data.status, data.starts_at),
    "room.ended": (data) => showEnded(data.exit_url),
    "presence.count": (data) => setCount(data.count),
    "presence.joined": (data) => putMember(data.member),
    "presence.left": (data) => removeMember(data.member.member_id),
    "chat.message": putMessage,
    "chat.deleted": (data) => removeMessage(data.id),
    "chat.locked": () => setLocks(true, room.linksLocked),
    "chat.unlocked": () => setLocks(false, room.linksLocked),
    "chat.links_locked": () => setLocks(room.chatLocked, true),
    "chat.links_unlocked": () => setLocks(room.chatLocked, false),
    "qa.question": putQuestion,
    "qa.voted": (data) => updateQuestion(data.id, { votes: data.votes }),
    "qa.answered": (data) => updateQuestion(data.id, { answer: data.answer, status: "published" }),
    "qa.dismissed": (data) => removeQuestion(data.id),
    "member.banned": banned,
    "poll.opened": (data) => putPoll({ ...data.poll, status: "open" }),
    "poll.closed": (data) => putPoll({ id: data.poll_id, status: "closed", ...pollResults(data) }),
    "poll.results": (data) => putPoll({ id: data.poll_id, ...pollResults(data) }),
    "slides.shown": (data) => showStage({ slide: data }),
    "video.playing": (data) => showStage({ video: data }),
    "video.paused": (data) => showStage({ video: data }),
    "video.stopped": () => showStage({}),
    "slides.stopped": () => showStage({}),
  };

  function snapshot(data) {
    room.me = data.me;
    body.dataset.role = data.me.role;
    for (const node of document.querySelectorAll("[data-staff]")) node.hidden = !isStaff();
    for (const node of document.querySelectorAll("[data-moderator]")) node.hidden = !isModerator();
    $("chat-private").closest("label").hidden = isStaff();
    $("title").textContent = data.conference.title;
    document.title = `${data.conference.title} · Webinarium`;
    setCount(data.presence.count);
    $("members").replaceChildren();
    for (const member of data.presence.members || []) putMember(member);
    $("messages").replaceChildren();
    for (const message of data.chat.recent) putMessage(message);
    setLocks(data.chat.locked, data.chat.links_locked);
    room.moderated = Boolean(data.qa.moderated);
    $("qa-moderated").hidden = !room.moderated || isStaff();
    questions.clear();
    $("questions").replaceChildren();
    $("qa-empty").hidden = false;
    voted.clear();
    for (const question of data.qa.questions) {
      if (question.voted) voted.add(question.id);
      putQuestion(question);
    }
    polls.clear();
    $("polls").replaceChildren();
    // The staff's list has every poll; attendees get the open ones.
    for (const poll of data.all_polls || []) putPoll(poll);
    for (const poll of data.polls) putPoll({ ...poll, status: "open" });
    renderPolls();
    showStage({ slide: data.slides.current, video: data.video });
    setStatus(data.conference.status, data.conference.starts_at);
  }

  function setStatus(status, startsAt) {
    if (finished) return;
    room.status = status;
    if (startsAt) room.startsAt = new Date(startsAt);
    // "ended" shows the end at once; room.ended (with the exit address) or the
    // close that follows it finishes the page.
    showScreen(status);
    tick();
  }

  function showScreen(status) {
    body.dataset.status = status;
    for (const node of document.querySelectorAll("[data-when]")) {
      node.hidden = !node.dataset.when.split(" ").includes(status);
    }
    // data-staff / data-moderator pieces stay hidden for others whatever the screen.
    if (!isStaff()) for (const node of document.querySelectorAll("[data-staff]")) node.hidden = true;
  }

  function setCount(count) {
    $("count").textContent = String(count);
  }

  // ---- waiting room --------------------------------------------------------

  function tick() {
    if (room.status !== "waiting" && room.status !== "connecting") return;
    const seconds = Math.round((room.startsAt - Date.now()) / 1000);
    const countdown = $("countdown");
    if (seconds > 0) {
      const h = Math.floor(seconds / 3600);
      const m = Math.floor((seconds % 3600) / 60);
      const s = seconds % 60;
      const two = (n) => String(n).padStart(2, "0");
      if (h >= 24) countdown.textContent = `${Math.floor(h / 24)} d ${h % 24} h`;
      else countdown.textContent = h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
      countdown.setAttribute("aria-label", `Starts in ${h ? h + " h " : ""}${m} min ${s} s`);
      $("waiting-note").textContent = isStaff()
        ? "Attendees wait here until you start the webinar."
        : "The webinar will start soon. You will be moved in automatically.";
    } else {
      countdown.textContent = "Starting soon";
      countdown.removeAttribute("aria-label");
      $("waiting-note").textContent = isStaff()
        ? "It is time: start the webinar when you are ready."
        : "Waiting for the host to start the webinar.";
    }
  }
  setInterval(tick, 1000);

  $("start").addEventListener("click", () => {
    $("start-error").textContent = "";
    $("start").disabled = true;
    send("room.start", undefined, (reply) => {
      $("start").disabled = false;
      if (!reply.ok) $("start-error").textContent = errorText(reply.error);
    });
  });

  $("end").addEventListener("click", () => {
    if (!confirm("End the webinar for everyone?")) return;
    send("room.end", undefined, (reply) => {
      // Ending closes this socket too, often before the reply comes: once the
      // page shows the end, the "disconnected" this gives is no failure.
      if (!reply.ok && !finished) showConnection(errorText(reply.error));
    });
  });

  // ---- stage ---------------------------------------------------------------

  function showStage({ slide, video }) {
    const image = $("stage-slide");
    image.hidden = !(slide && slide.image_url);
    if (!image.hidden) {
      image.src = slide.image_url;
      image.alt = slide.pages ? `Slide ${slide.page} of ${slide.pages}` : `Slide ${slide.page}`;
    }
    // The video itself is room-video.js's (#stage-video).
    $("stage-empty").hidden = !(image.hidden && !(video && video.url));
  }

  // ---- people --------------------------------------------------------------

  function putMember(member) {
    if (!isStaff()) return;
    const list = $("members");
    const existing = list.querySelector(`[data-member-id="${CSS.escape(member.member_id)}"]`);
    const item = el(
      "li",
      { "data-member-id": member.member_id, "data-role": member.role },
      el("span", { className: "name" }, member.name || "Guest"),
      badge(member.role),
      room.me && member.member_id === room.me.member_id ? el("span", { className: "muted small" }, "you") : null,
      isModerator() && member.role === "attendee" ? banButton(member) : null,
    );
    if (existing) existing.replaceWith(item);
    else list.append(item);
  }

  function removeMember(memberId) {
    const item = $("members").querySelector(`[data-member-id="${CSS.escape(memberId)}"]`);
    if (item) item.remove();
  }

  function banButton(member) {
    return el(
      "button",
      {
        type: "button",
        className: "link-button danger-text",
        "aria-label": `Remove ${member.name} from the room`,
        onclick: () => {
          if (!confirm(`Remove ${member.name} from the room? They will not be let back in.`)) return;
          $("people-error").textContent = "";
          send("member.ban", { member_id: member.member_id }, (reply) => {
            if (!reply.ok) $("people-error").textContent = errorText(reply.error);
          });
        },
      },
      "Remove",
    );
  }

  function banned(data) {
    removeMember(data.member_id);
    if (room.me && data.member_id === room.me.member_id) {
      refuse("You have been removed from this room", "A host removed you from this webinar.");
    }
  }

  // ---- chat ----------------------------------------------------------------

  function putMessage(message) {
    const list = $("messages");
    const mine = room.me && message.from.member_id === room.me.member_id;
    const item = el(
      "li",
      {
        className: "message" + (mine ? " mine" : "") + (message.to ? " private" : ""),
        "data-message-id": message.id,
        "data-role": message.from.role,
      },
      el(
        "div",
        { className: "meta" },
        el("span", { className: "name" }, message.from.name || "Guest"),
        badge(message.from.role),
        message.to ? el("span", { className: "tag" }, "to the hosts") : null,
        isModerator() ? messageTools(message) : null,
      ),
      el("p", { className: "text" }, message.text),
    );
    const existing = list.querySelector(`[data-message-id="${CSS.escape(message.id)}"]`);
    const stuck = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    if (existing) existing.replaceWith(item);
    else list.append(item);
    if (stuck || mine) list.scrollTop = list.scrollHeight;
  }

  function messageTools(message) {
    const tools = el("span", { className: "message-tools" });
    tools.append(
      el(
        "button",
        {
          type: "button",
          className: "link-button",
          "aria-label": `Delete the message of ${message.from.name}`,
          onclick: () =>
            send("chat.delete", { message_id: message.id }, (reply) => {
              if (!reply.ok) $("chat-error").textContent = errorText(reply.error);
            }),
        },
        "Delete",
      ),
    );
    if (message.from.role === "attendee") tools.append(banButton(message.from));
    return tools;
  }

  function removeMessage(id) {
    const item = $("messages").querySelector(`[data-message-id="${CSS.escape(id)}"]`);
    if (item) item.remove();
  }

  function setLocks(chatLocked, linksLocked) {
    room.chatLocked = chatLocked;
    room.linksLocked = linksLocked;
    const lock = $("chat-lock");
    lock.textContent = chatLocked ? "Unlock chat" : "Lock chat";
    lock.setAttribute("aria-pressed", String(chatLocked));
    const links = $("links-lock");
    links.textContent = linksLocked ? "Allow links" : "Lock links";
    links.setAttribute("aria-pressed", String(linksLocked));
    // The locks hold attendees only: the staff may always write.
    const blocked = chatLocked && !isStaff();
    $("chat-text").disabled = blocked;
    $("chat-send").disabled = blocked;
    $("chat-private").disabled = blocked;
    $("chat-text").placeholder = blocked ? "Chat is locked" : "Write a message…";
    const note = $("chat-locked-note");
    if (chatLocked) note.textContent = isStaff() ? "Chat is locked for attendees." : "Chat is locked.";
    else if (linksLocked) note.textContent = isStaff() ? "Links are locked for attendees." : "Links are not allowed in the chat.";
    note.hidden = !(chatLocked || linksLocked);
  }

  $("chat-lock").addEventListener("click", () => {
    send(room.chatLocked ? "chat.unlock" : "chat.lock", undefined, (reply) => {
      if (!reply.ok) $("chat-error").textContent = errorText(reply.error);
    });
  });
  $("links-lock").addEventListener("click", () => {
    send(room.linksLocked ? "chat.links_unlock" : "chat.links_lock", undefined, (reply) => {
      if (!reply.ok) $("chat-error").textContent = errorText(reply.error);
    });
  });

  $("chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("chat-text");
    const text = input.value.trim();
    if (!text) return;
    const data = { text };
    if ($("chat-private").checked) data.to = "moderators";
    $("chat-error").textContent = "";
    send("chat.send", data, (reply) => {
      if (reply.ok) input.value = "";
      else $("chat-error").textContent = errorText(reply.error);
    });
  });
  // Enter sends, Shift+Enter starts a new line.
  $("chat-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("chat-form").requestSubmit();
    }
  });

  // ---- questions -----------------------------------------------------------

  function putQuestion(question) {
    const known = questions.get(question.id) || {};
    questions.set(question.id, { ...known, ...question, answer: question.answer || known.answer || null });
    renderQuestion(question.id);
  }

  function updateQuestion(id, change) {
    if (!questions.has(id)) return;
    questions.set(id, { ...questions.get(id), ...change });
    renderQuestion(id);
  }

  function removeQuestion(id) {
    questions.delete(id);
    const item = $("questions").querySelector(`[data-question-id="${CSS.escape(id)}"]`);
    if (item) item.remove();
    $("qa-empty").hidden = questions.size > 0;
  }

  function renderQuestion(id) {
    const question = questions.get(id);
    const list = $("questions");
    const existing = list.querySelector(`[data-question-id="${CSS.escape(id)}"]`);
    // An answer being written is kept across updates of its question.
    const draft = existing && existing.querySelector(".answer-form");
    const pending = question.status === "pending";
    const hasVoted = voted.has(id);
    const vote = el(
      "button",
      {
        type: "button",
        className: "vote" + (hasVoted ? " voted" : ""),
        "aria-label": `Upvote (${question.votes})`,
        "aria-pressed": String(hasVoted),
        disabled: hasVoted || pending ? "" : null,
        onclick: () => upvote(id),
      },
      el("span", { className: "arrow", "aria-hidden": "true" }, "▲"),
      el("span", { className: "votes" }, String(question.votes)),
    );
    const answer = question.answer
      ? el(
          "div",
          { className: "answer" },
          el("span", { className: "answer-by" }, `Answer from ${question.answer.from.name || "the host"}`),
          el("p", { className: "text" }, question.answer.text),
        )
      : null;
    const tools = el("div", { className: "question-tools" });
    if (isStaff() && !question.answer) {
      tools.append(el("button", { type: "button", className: "button small", onclick: () => openAnswer(id) }, "Answer"));
    }
    if (isModerator() && pending) {
      tools.append(
        el("button", { type: "button", className: "button small", onclick: () => questionCommand("qa.approve", id) }, "Approve"),
      );
    }
    if (isModerator()) {
      tools.append(
        el("button", { type: "button", className: "button small danger-text", onclick: () => questionCommand("qa.dismiss", id) }, "Dismiss"),
      );
    }
    const item = el(
      "li",
      { className: "question" + (pending ? " pending" : "") + (question.answer ? " answered" : ""), "data-question-id": id },
      vote,
      el(
        "div",
        { className: "question-body" },
        el(
          "div",
          { className: "meta" },
          el("span", { className: "name" }, question.from.name || "Guest"),
          badge(question.from.role),
          pending ? el("span", { className: "tag pending-tag" }, "awaiting approval") : null,
        ),
        el("p", { className: "text" }, question.text),
        answer,
        tools.childElementCount ? tools : null,
        draft && !question.answer ? draft : null,
      ),
    );
    if (existing) existing.replaceWith(item);
    else list.append(item);
    $("qa-empty").hidden = true;
  }

  function upvote(id) {
    voted.add(id);
    renderQuestion(id);
    send("qa.upvote", { question_id: id }, (reply) => {
      if (reply.ok) {
        updateQuestion(id, { votes: reply.data.votes });
      } else {
        voted.delete(id);
        renderQuestion(id);
        $("qa-error").textContent = errorText(reply.error);
      }
    });
  }

  function questionCommand(cmd, id, data, done) {
    $("qa-error").textContent = "";
    send(cmd, { question_id: id, ...data }, (reply) => {
      if (!reply.ok) $("qa-error").textContent = errorText(reply.error);
      if (done) done(reply);
    });
  }

  function openAnswer(id) {
    const item = $("questions").querySelector(`[data-question-id="${CSS.escape(id)}"]`);
    if (!item || item.querySelector(".answer-form")) return;
    const input = el("input", { maxlength: "5000", placeholder: "Your answer…", required: "", "aria-label": "Your answer" });
    const form = el("form", { className: "answer-form" }, input, el("button", { type: "submit", className: "button primary small" }, "Send answer"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text) questionCommand("qa.answer", id, { text });
    });
    item.querySelector(".question-body").append(form);
    input.focus();
  }

  $("qa-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("qa-text");
    const text = input.value.trim();
    if (!text) return;
    $("qa-error").textContent = "";
    send("qa.ask", { text }, (reply) => {
      if (!reply.ok) {
        $("qa-error").textContent = errorText(reply.error);
        return;
      }
      input.value = "";
      if (reply.data.status === "pending") $("qa-error").textContent = "Thank you: your question will appear once a host approves it.";
    });
  });

  // ---- polls ---------------------------------------------------------------

  const isOpen = (poll) => poll.status === "open" || poll.status === "reopened";

  function putPoll(change) {
    const known = polls.get(change.id);
    // An event about a poll this page never heard opened (results of a closed
    // one, for an attendee who came later) shows nothing.
    if (!known && !change.question) return;
    const merged = { ...(known || { results: null, voters: 0, voted: false }) };
    for (const [name, value] of Object.entries(change)) if (value !== undefined) merged[name] = value;
    polls.set(change.id, merged);
    renderPolls();
  }

  function renderPolls() {
    const list = $("polls");
    // Keep what an attendee has ticked but not sent yet across re-renders.
    const ticked = new Set(Array.from(list.querySelectorAll("input:checked"), (input) => input.value));
    const typed = new Map(Array.from(list.querySelectorAll(".poll-answer"), (input) => [input.dataset.pollId, input.value]));
    const cards = [];
    for (const poll of polls.values()) {
      // Attendees see open polls, and a closed one only with its final results.
      if (!isStaff() && !isOpen(poll) && !poll.results) continue;
      cards.push(pollCard(poll, ticked, typed));
    }
    list.replaceChildren(...cards);
    $("polls-panel").hidden = cards.length === 0;
  }

  function pollCard(poll, ticked, typed) {
    const open = isOpen(poll);
    const head = el(
      "div",
      { className: "poll-head" },
      el("h3", { className: "poll-question" }, poll.question),
      open ? null : el("span", { className: "tag" }, poll.status === "queue" ? "not opened yet" : "closed"),
    );
    if (isStaff()) {
      head.append(
        el(
          "button",
          {
            type: "button",
            className: "button small" + (open ? "" : " primary"),
            onclick: () => pollCommand(open ? "poll.close" : "poll.open", poll.id),
          },
          open ? "Close poll" : poll.status === "queue" ? "Open poll" : "Reopen poll",
        ),
      );
    }
    const card = el("li", { className: "poll", "data-poll-id": poll.id, "data-status": poll.status }, head);
    if (!isStaff() && open && !poll.voted) card.append(voteForm(poll, ticked, typed));
    if (!isStaff() && poll.voted) card.append(el("p", { className: "poll-thanks" }, "Thanks for voting!"));
    if (poll.results) card.append(resultBars(poll));
    else if (isStaff()) card.append(el("p", { className: "muted small poll-voters" }, "No votes yet."));
    return card;
  }

  function voteForm(poll, ticked, typed) {
    const form = el("form", { className: "poll-form" });
    const method = poll.selection_method;
    if (method === "single" || method === "multi") {
      const group = el("fieldset", {}, el("legend", { className: "visually-hidden" }, poll.question));
      for (const choice of poll.choices) {
        group.append(
          el(
            "label",
            { className: "poll-choice" },
            el("input", {
              type: method === "single" ? "radio" : "checkbox",
              name: `poll-${poll.id}`,
              value: choice.id,
              checked: ticked.has(choice.id) ? "" : null,
            }),
            choice.choice,
          ),
        );
      }
      form.append(group);
    } else {
      const score = method === "score";
      const input = el("input", {
        className: "poll-answer",
        "data-poll-id": poll.id,
        type: score ? "number" : "text",
        min: score ? "1" : null,
        max: score ? "10" : null,
        maxlength: score ? null : "1000",
        required: "",
        "aria-label": score ? "Your score from 1 to 10" : "Your answer",
      });
      input.value = typed.get(poll.id) || "";
      form.append(input);
    }
    form.append(el("button", { type: "submit", className: "button primary small" }, "Vote"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = { poll_id: poll.id };
      if (method === "single" || method === "multi") {
        data.choice_ids = Array.from(form.querySelectorAll("input:checked"), (input) => input.value);
        if (data.choice_ids.length === 0) {
          $("polls-error").textContent = "Pick a choice first.";
          return;
        }
      } else if (method === "score") {
        data.score = Number(form.querySelector("input").value);
      } else {
        data.answer = form.querySelector("input").value;
      }
      pollCommand("poll.vote", poll.id, data, (reply) => {
        if (reply.ok || reply.error.code === "already_voted") putPoll({ id: poll.id, voted: true });
      });
    });
    return form;
  }

  // What poll.results and poll.closed carry of the results (score and answers: score and short-answer polls).
  const pollResults = ({ results, voters, score, answers }) => ({ results, voters, score, answers });

  function resultBars(poll) {
    // A bar is the share of voters who picked the choice (a multi poll's add up past 100%).
    // A score poll has a bar per score; a short-answer poll lists the newest answers.
    const rows = poll.score
      ? poll.score.distribution.map((row) => ({ choice_id: `score-${row.score}`, label: String(row.score), votes: row.votes }))
      : poll.results;
    const voters = Math.max(1, poll.voters || 0, ...rows.map((result) => result.votes));
    const texts = new Map(poll.choices.map((choice) => [choice.id, choice.choice]));
    const bars = el("ol", { className: "poll-results", "aria-label": `Results: ${poll.question}` });
    for (const result of rows) {
      const width = `${Math.round((result.votes / voters) * 100)}%`;
      const fill = el("div", { className: "poll-bar-fill" });
      fill.style.width = width;
      bars.append(
        el(
          "li",
          { className: "poll-result", "data-choice-id": result.choice_id },
          el(
            "div",
            { className: "poll-result-label" },
            el("span", {}, texts.get(result.choice_id) || result.label || ""),
            el("span", { className: "poll-result-votes" }, `${result.votes} ${result.votes === 1 ? "vote" : "votes"}`),
          ),
          el("div", { className: "poll-bar", "aria-hidden": "true" }, fill),
        ),
      );
    }
    const people = `${poll.voters} ${poll.voters === 1 ? "person has" : "people have"} voted`;
    const summary = el("div", {}, rows.length ? bars : null);
    if (poll.score && poll.score.average !== null) {
      summary.prepend(el("p", { className: "poll-average" }, `Average ${poll.score.average} of 10`));
    }
    if (poll.answers) {
      const list = el("ul", { className: "poll-answers", "aria-label": `Answers: ${poll.question}` });
      for (const answer of poll.answers) list.append(el("li", { className: "poll-answer-text" }, answer.answer));
      summary.append(list);
    }
    summary.append(el("p", { className: "muted poll-voters" }, people));
    return summary;
  }

  function pollCommand(cmd, pollId, data, done) {
    $("polls-error").textContent = "";
    send(cmd, data || { poll_id: pollId }, (reply) => {
      if (!reply.ok) $("polls-error").textContent = errorText(reply.error);
      if (done) done(reply);
    });
  }

  // ---- notices and the end -------------------------------------------------

  function showConnection(text) {
    const notice = $("connection");
    notice.hidden = !text;
    notice.textContent = text || "";
  }

  function showEnded(exitUrl) {
    if (finished) return;
    finished = true;
    showConnection(null);
    $("end-title").textContent = "This webinar has ended";
    let target = null;
    try {
      const url = exitUrl ? new URL(exitUrl, location.href) : null;
      if (url && (url.protocol === "https:" || url.protocol === "http:")) target = url.href;
    } catch (error) {
      target = null;
    }
    $("end-message").textContent = target ? "Thank you for joining. Taking you onward…" : "Thank you for joining.";
    showScreen("ended");
    if (socket) socket.close();
    // What room-*.js files show at the end (the survey) holds the exit until done.
    const holds = endHooks.map((hook) => Promise.resolve().then(hook).catch(() => null));
    if (target) Promise.all(holds).then(() => setTimeout(() => location.assign(target), EXIT_DELAY_MS));
  }

  function refuse(title, message) {
    finished = true;
    showConnection(null);
    $("end-title").textContent = title;
    $("end-message").textContent = message;
    showScreen("refused");
    if (socket) socket.close();
  }

  // ---- features in their own files -------------------------------------------

  // room-*.js files (loaded after this one, deferred) add what the room shows
  // through this: they hear events (the snapshot included) after this file has
  // applied them, and send commands on the same socket.
  const listeners = new Map(); // event name -> [listener(data)]
  const endHooks = []; // run when the end screen shows; the exit waits for their promises
  const openHooks = []; // run each time a socket opens (the first, and every reconnection)
  window.webinariumRoom = {
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, []);
      listeners.get(event).push(listener);
    },
    send,
    el,
    errorText,
    isStaff,
    isModerator,
    me: () => room.me,
    status: () => room.status,
    onEnd(hook) {
      endHooks.push(hook);
    },
    onOpen(hook) {
      openHooks.push(hook);
    },
  };

  showScreen("connecting");
  tick();
  // Deferred scripts all run before DOMContentLoaded: every room-*.js has
  // registered its listeners before the first snapshot can arrive.
  document.addEventListener("DOMContentLoaded", connect);
})();
