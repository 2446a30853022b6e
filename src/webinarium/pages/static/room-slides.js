// Slides on the room page: presenters and moderators pick a deck (the
// snapshot's slides.files), show it and move through its pages with
// slides.show; everyone sees the page on the stage (room.js shows
// slides.current and slides.shown in #stage-slide). Uses window.webinariumRoom.
"use strict";

(function () {
  const roomApi = window.webinariumRoom;
  const $ = (id) => document.getElementById(id);
  const bar = $("slides-bar");
  const picker = $("slides-deck");
  const showButton = $("slides-show");
  const previous = $("slides-prev");
  const next = $("slides-next");
  const indicator = $("slides-page");
  const errorLine = $("slides-error");

  let decks = []; // [{id, name, pages}]: what this member may show
  let current = null; // as in slides.shown, or null

  function render() {
    bar.hidden = !(roomApi.isStaff() && decks.length > 0);
    if (bar.hidden) return;
    const shownDeck = current && decks.find((deck) => deck.id === current.file_id);
    const movable = Boolean(shownDeck) && typeof current.pages === "number";
    previous.disabled = !movable || current.page <= 1;
    next.disabled = !movable || current.page >= current.pages;
    // Something not among the decks (shown through the API by its URL) has a page, no count.
    if (movable) {
      indicator.textContent = `${current.page} / ${current.pages}`;
      indicator.setAttribute("aria-label", `Page ${current.page} of ${current.pages} shown`);
    } else {
      indicator.textContent = current ? `Page ${current.page}` : "Not shown";
      indicator.setAttribute("aria-label", current ? `Page ${current.page} shown` : "No slides shown");
    }
  }

  const pagesText = (pages) => (pages === 1 ? "1 page" : `${pages} pages`);

  function fillPicker() {
    const chosen = picker.value || (current && current.file_id);
    picker.replaceChildren(
      ...decks.map((deck) => roomApi.el("option", { value: deck.id }, `${deck.name} · ${pagesText(deck.pages)}`)),
    );
    if (decks.some((deck) => deck.id === chosen)) picker.value = chosen;
  }

  function show(fileId, page) {
    errorLine.textContent = "";
    for (const button of [showButton, previous, next]) button.disabled = true;
    roomApi.send("slides.show", { file_id: fileId, page }, (reply) => {
      showButton.disabled = false;
      if (!reply.ok) errorLine.textContent = roomApi.errorText(reply.error);
      render();
    });
  }

  showButton.addEventListener("click", () => {
    if (!picker.value) return;
    // The deck shown goes on from its page; another starts at page 1.
    const page = current && current.file_id === picker.value ? current.page : 1;
    show(picker.value, page);
  });
  previous.addEventListener("click", () => current && show(current.file_id, current.page - 1));
  next.addEventListener("click", () => current && show(current.file_id, current.page + 1));

  roomApi.on("room.snapshot", (data) => {
    decks = data.slides.files || [];
    current = data.slides.current;
    errorLine.textContent = "";
    fillPicker();
    render();
  });
  roomApi.on("slides.shown", (data) => {
    current = data;
    if (decks.some((deck) => deck.id === data.file_id)) picker.value = data.file_id;
    render();
  });
  // A video taking the stage stops the slides first: slides.stopped says it.
  roomApi.on("slides.stopped", () => {
    current = null;
    render();
  });
})();
