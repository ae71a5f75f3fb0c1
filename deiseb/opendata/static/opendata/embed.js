// The embedded petition's count, refreshed about once a minute while the frame is visible.
// An enhancement only: without JavaScript the frame shows the count it was served with. The
// number is written only when it changes, so the polite live region speaks only then.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-count]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-live-count");
  var seconds = Math.max(60, parseInt(box.getAttribute("data-interval"), 10) || 60);
  var count = box.querySelector("[data-count]");
  var format = new Intl.NumberFormat(document.documentElement.lang === "cy" ? "cy-GB" : "en-GB");

  function update() {
    if (document.hidden) { return; }
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || typeof data.signature_count !== "number") { return; }
        var text = format.format(data.signature_count);
        if (count.textContent !== text) { count.textContent = text; }
      })
      .catch(function () {});
  }
  window.setInterval(update, seconds * 1000);
})();
