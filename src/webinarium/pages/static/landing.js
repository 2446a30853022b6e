// The public pages' times in the visitor's own time zone, in the page's
// language (<html lang>): the server writes <time datetime="…Z"> with the text
// on the webinar's clock; this rewrites the text. A <time data-reload-at>
// reloads the page when its moment comes (the room opens then).
"use strict";

(function () {
  const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    // The 24-hour clock the server writes too, whatever the language.
    hourCycle: "h23",
    timeZoneName: "short",
  });
  for (const element of document.querySelectorAll("time[datetime]")) {
    const moment = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) continue;
    element.title = element.textContent;
    element.textContent = format.format(moment);
    if (element.hasAttribute("data-reload-at")) {
      // At most a day ahead (setTimeout's limit is ~24.8 days); a second late.
      const wait = Math.min(moment.getTime() - Date.now() + 1000, 86400000);
      if (wait > 0) setTimeout(() => window.location.reload(), wait);
    }
  }
})();

// A "Copy" button next to a read-only link (the confirmation page's personal
// link): shown only where the browser can copy; without it the link is selectable.
(function () {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(source.value).then(() => {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(() => { button.textContent = label; }, 2000);
      });
    });
  }
})();
