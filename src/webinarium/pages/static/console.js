// The organiser console's frame (console/base.html): the phone menu, forms
// asking before a change that cannot be undone (data-confirm="…"), and a
// webinar's tabs scrolled to the page's own.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("console-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // A webinar's tabs scroll in their own bar on a phone: the page's own tab
  // is brought into view (centred in the bar); the page does not move.
  const tab = document.querySelector('.webinar-tabs a[aria-current="page"]');
  if (tab) {
    const bar = tab.closest("ul");
    bar.scrollLeft = tab.offsetLeft - bar.offsetLeft - (bar.clientWidth - tab.offsetWidth) / 2;
  }
  // A form shown again with errors: the first invalid field gets the focus.
  const invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) invalid.focus();
});
