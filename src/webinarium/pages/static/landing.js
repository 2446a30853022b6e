// The landing page's times in the visitor's own time zone: the server writes
// <time datetime="…Z"> with the text on the webinar's clock; this rewrites the
// text. A <time data-reload-at> reloads the page when its moment comes (the
// room opens then).
"use strict";

(function () {
  const format = new Intl.DateTimeFormat(undefined, {
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
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
