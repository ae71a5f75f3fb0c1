// Live signature count, on the petition page and in the embeddable widget: an enhancement only.
// Without JavaScript the page shows the count it was served with. Polls the cacheable count
// endpoint every data-interval seconds while the tab is visible, and writes the number only when
// it changes, so a polite live region (the widget's) speaks only then; the page's box is silent,
// because a number announced every few seconds would drown the page.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-count]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-live-count");
  var seconds = Math.max(5, parseInt(box.getAttribute("data-interval"), 10) || 5);
  var count = box.querySelector("[data-count]");
  var bar = box.querySelector("[data-progress]");
  var format = new Intl.NumberFormat(document.documentElement.lang === "cy" ? "cy-GB" : "en-GB");

  function update() {
    if (document.hidden) { return; }
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || typeof data.signature_count !== "number") { return; }
        var text = format.format(data.signature_count);
        if (count.textContent !== text) { count.textContent = text; }
        var goal = data.signature_count < data.referral_threshold
          ? data.referral_threshold : data.debate_threshold;
        if (bar && goal) {
          bar.style.width = Math.min(100, Math.floor(100 * data.signature_count / goal)) + "%";
        }
      })
      .catch(function () {});
  }
  window.setInterval(update, seconds * 1000);
})();
