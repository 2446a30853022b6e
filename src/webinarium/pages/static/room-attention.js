// The attendance monitor on the room page (docs/room-protocol.md, "Attendance
// monitor"): attention.check (or the snapshot's open check) opens a modal
// "Are you still there?" with the seconds left; "I'm here" sends attention.ack.
// Attendees only: the staff are never asked.
(() => {
  "use strict";
  const room = window.webinariumRoom;
  const dialog = document.getElementById("attention");
  const left = document.getElementById("attention-left");
  const button = document.getElementById("attention-ack");
  const error = document.getElementById("attention-error");
  let current = null; // {id, until}
  let timer = null;

  function show(check) {
    if (room.isStaff() || room.status() === "ended") return;
    current = { id: check.check_id, until: Date.now() + check.expires_in * 1000 };
    error.textContent = "";
    button.disabled = false;
    clearInterval(timer);
    timer = setInterval(tick, 250);
    tick();
    if (!dialog.open) dialog.showModal();
    button.focus();
  }

  function tick() {
    if (current === null) return;
    const seconds = Math.ceil((current.until - Date.now()) / 1000);
    if (seconds <= 0) {
      hide();
      return;
    }
    left.textContent = `${seconds} second${seconds === 1 ? "" : "s"} left.`;
  }

  function hide() {
    clearInterval(timer);
    timer = null;
    current = null;
    if (dialog.open) dialog.close();
  }

  button.addEventListener("click", () => {
    if (current === null) return;
    button.disabled = true;
    room.send("attention.ack", { check_id: current.id }, (reply) => {
      if (reply.ok || reply.error.code === "attention_expired") {
        hide();
      } else {
        button.disabled = false;
        error.textContent = room.errorText(reply.error);
      }
    });
  });
  // Escape does not dismiss the question: only an answer (or the time) does.
  dialog.addEventListener("cancel", (event) => event.preventDefault());

  room.on("attention.check", show);
  room.on("room.snapshot", (data) => (data.attention ? show(data.attention) : hide()));
  room.on("room.status", (data) => {
    if (data.status === "ended") hide();
  });
  room.on("room.ended", hide);
})();
