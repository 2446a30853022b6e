// Offers in the room page (docs/room-protocol.md, "Offers"). Attendees: the
// offer shown now as a pop-up card with its title and button; putting it on
// screen sends offer.view (the server counts one per showing and person), the
// button is a link opening the offer's URL in a new tab and sends offer.click.
// Presenters and moderators: the webinar's offers (the snapshot's all_offers)
// with Show / Hide.
"use strict";

(function () {
  const room = window.webinariumRoom;
  const $ = (id) => document.getElementById(id);
  let offers = []; // the staff's list: every offer of the webinar
  let shown = null; // the offer shown now
  let dismissed = null; // the offer this attendee closed (until it is shown again)

  function renderPopup() {
    const popup = $("offer-popup");
    if (shown === null || room.isStaff() || dismissed === shown.id) {
      popup.hidden = true;
      popup.dataset.offerId = "";
      popup.replaceChildren();
      return;
    }
    if (popup.dataset.offerId === shown.id) return; // on screen already
    const offer = shown;
    popup.dataset.offerId = offer.id;
    const go = room.el(
      "a",
      {
        className: "button primary offer-button",
        href: offer.url,
        target: "_blank",
        rel: "noopener noreferrer",
        onclick: () => room.send("offer.click", { offer_id: offer.id }),
      },
      offer.button_text,
    );
    const close = room.el(
      "button",
      { type: "button", className: "link-button offer-close", "aria-label": "Close", onclick: () => {
          dismissed = offer.id;
          renderPopup();
        } },
      "×",
    );
    popup.replaceChildren(close, room.el("p", { className: "offer-title" }, offer.title), go);
    popup.hidden = false;
    room.send("offer.view", { offer_id: offer.id });
  }

  function renderList() {
    const panel = $("offers-panel");
    panel.hidden = !room.isStaff() || offers.length === 0;
    if (panel.hidden) return;
    $("offers").replaceChildren(
      ...offers.map((offer) => {
        const isShown = shown !== null && shown.id === offer.id;
        const toggle = room.el(
          "button",
          {
            type: "button",
            className: isShown ? "button small" : "button small primary",
            onclick: () => {
              $("offers-error").textContent = "";
              room.send(isShown ? "offer.hide" : "offer.show", { offer_id: offer.id }, (reply) => {
                if (!reply.ok) $("offers-error").textContent = room.errorText(reply.error);
              });
            },
          },
          isShown ? "Hide" : "Show",
        );
        return room.el(
          "li",
          { className: isShown ? "offer shown" : "offer", "data-offer-id": offer.id },
          room.el(
            "span",
            { className: "offer-text" },
            room.el("span", { className: "offer-name" }, offer.title),
            room.el("span", { className: "muted small offer-url" }, `${offer.button_text} → ${offer.url}`),
          ),
          isShown ? room.el("span", { className: "tag shown-tag" }, "shown now") : null,
          toggle,
        );
      }),
    );
  }

  function render() {
    renderPopup();
    renderList();
  }

  room.on("room.snapshot", (data) => {
    offers = data.all_offers || [];
    shown = data.offer || null;
    $("offer-popup").dataset.offerId = "";
    render();
  });
  room.on("offer.shown", (data) => {
    shown = data.offer;
    dismissed = null;
    if (!offers.some((offer) => offer.id === shown.id)) offers.push(shown);
    render();
  });
  room.on("offers.changed", (data) => {
    offers = data.all_offers;
    render();
  });
  room.on("offer.hidden", (data) => {
    if (shown !== null && shown.id === data.offer_id) shown = null;
    render();
  });
})();
