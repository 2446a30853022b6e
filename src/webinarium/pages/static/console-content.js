// "Copy link" beside a presenter's personal link (console/presenters.html):
// the link is in a read-only input, selectable without JavaScript too.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const input = document.getElementById(button.dataset.copy);
      if (!input) return;
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = "Copied";
      } catch {
        // No clipboard (a page not served over https): the link is selected.
        button.textContent = "Selected: press Ctrl+C";
      }
    });
  });
});
