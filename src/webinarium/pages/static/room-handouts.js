// Handouts in the room page (docs/room-protocol.md, "Handouts"): the list of
// the snapshot and of handouts.changed in a panel, each with View / Download
// (a file) or Open (a web page).
// A click sends handout.view or handout.download, which the server logs, and
// opens the reply's URL: a download of a file this server stores is saved by
// the browser (the URL answers as an attachment); anything else opens in a new
// tab. The URL is opened within the click's user activation (the reply comes
// in well under the seconds browsers allow), so no popup blocker stops it.
"use strict";

(function () {
  const room = window.webinariumRoom;
  const $ = (id) => document.getElementById(id);

  function sameServer(url) {
    return new URL(url, location.href).origin === location.origin;
  }

  function open(url, download) {
    if (download && sameServer(url)) {
      const link = room.el("a", { href: url, download: "" });
      document.body.append(link);
      link.click();
      link.remove();
      return;
    }
    window.open(url, "_blank", "noopener");
  }

  function act(handout, download) {
    $("handouts-error").textContent = "";
    const cmd = download ? "handout.download" : "handout.view";
    room.send(cmd, { handout_id: handout.id }, (reply) => {
      if (reply.ok) open(reply.data.url, download);
      else $("handouts-error").textContent = room.errorText(reply.error);
    });
  }

  function item(handout) {
    const file = handout.kind === "file";
    const icon = handout.icon_url
      ? room.el("img", { className: "handout-icon", src: handout.icon_url, alt: "" })
      : room.el("span", { className: "handout-icon handout-glyph", "aria-hidden": "true" }, file ? "↓" : "↗");
    const button = (label, download) =>
      room.el("button", { type: "button", className: "button small", onclick: () => act(handout, download) }, label);
    const tools = file ? [button("View", false), button("Download", true)] : [button("Open", false)];
    return room.el(
      "li",
      { className: "handout", "data-handout-id": handout.id },
      icon,
      room.el("span", { className: "handout-name" }, handout.name),
      room.el("span", { className: "handout-tools" }, ...tools),
    );
  }

  function render(handouts) {
    $("handouts").replaceChildren(...handouts.map(item));
    $("handouts-panel").hidden = handouts.length === 0;
  }

  room.on("room.snapshot", (data) => render(data.handouts || []));
  room.on("handouts.changed", (data) => render(data.handouts));
})();
