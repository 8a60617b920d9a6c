/* Reply form enhancements. Everything works without this script; it only
   1. fills the form from the reader's own "Save my name…" cookie,
   2. moves the form under the reply being answered (no page load),
   3. moves focus to the error summary when the form came back with errors,
   4. asks for a fresh fill-time token when it shows the form: the page is
      cached and shared, so the token rendered into it is older than the
      reader's visit (without it a stranger's reply is held, not refused). */
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;
  var form = respond.querySelector("form");
  var title = document.getElementById("reply-title");
  var parentInput = form.querySelector("input[name=parent]");
  var home = document.createComment("reply form home");
  respond.parentNode.insertBefore(home, respond);

  function readReader() {
    var match = document.cookie.match(/(?:^|;\s*)broadsheet_reader=([^;]*)/);
    if (!match) return null;
    try { return JSON.parse(decodeURIComponent(match[1])); } catch (e) { return null; }
  }

  var summary = document.getElementById("error-summary");
  var started = form.elements.started;
  // A form sent back with errors keeps the token it was first shown with.
  if (started && !summary && form.dataset.shownUrl && window.fetch) {
    fetch(form.dataset.shownUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.started) started.value = data.started; })
      .catch(function () {});
  }

  var reader = readReader();
  if (reader) {
    ["name", "email", "website"].forEach(function (key) {
      var input = form.elements[key];
      if (input && !input.value && reader[key]) input.value = reader[key];
    });
    form.elements.remember.checked = true;
  }

  if (summary) {
    summary.focus();
  }

  var originalTitle = title.innerHTML;

  function cancel(event) {
    if (event) event.preventDefault();
    home.parentNode.insertBefore(respond, home.nextSibling);
    parentInput.value = "";
    title.textContent = "Leave a Reply";
    form.elements.comment.focus();
  }

  function replyTo(link) {
    var item = document.getElementById("reply-" + link.dataset.replyTo);
    item.querySelector(".reply__body").after(respond);
    parentInput.value = link.dataset.replyTo;
    title.textContent = "Replying to " + link.dataset.replyName + " ";
    var cancelLink = document.createElement("a");
    cancelLink.href = "#respond";
    cancelLink.className = "respond__cancel";
    cancelLink.textContent = "Cancel";
    cancelLink.addEventListener("click", cancel);
    title.appendChild(cancelLink);
    form.elements.comment.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-reply-to]");
    if (!link) return;
    event.preventDefault();
    replyTo(link);
  });

  var existingCancel = document.getElementById("cancel-reply");
  if (existingCancel && originalTitle) existingCancel.addEventListener("click", cancel);
})();
