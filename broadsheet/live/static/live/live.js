/* Live updates. Everything works without this script: a reload shows new
   entries. With it, the page
   1. asks for its entries (one JSON URL, the same for every reader, so the
      page cache answers it) every data-poll-seconds while the tab is shown,
      and stops when the coverage ends;
   2. puts new entries in their place and new key events in the summary,
      keeping whatever the reader is reading at the same place on the screen;
   3. says how many updates arrived in a polite ARIA live region. */
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !live.dataset.updatesUrl || !window.fetch) return;
  var url = live.dataset.updatesUrl;
  var every = Math.max(1, Number(live.dataset.pollSeconds) || 15) * 1000;
  var list = document.getElementById("live-entries");
  var keyNav = live.querySelector(".live__key-events");
  var keyList = keyNav.querySelector("ol");
  var announcer = document.getElementById("live-announcer");
  var status = document.getElementById("live-status");
  var delay = every;
  var timer = null;
  // The script keeps the reader's place itself; the browser's own scroll
  // anchoring would move the page a second time.
  document.documentElement.classList.add("live-updating");

  function fromHtml(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  /* What is at the top of the screen now, and where: an entry as a whole
     when the reader is inside one. */
  function placeOfReading() {
    var box = live.getBoundingClientRect();
    var element = document.elementFromPoint(box.left + box.width / 2, 4);
    if (!element || element === document.documentElement || element === document.body) {
      element = live;
    }
    element = element.closest(".entry") || element;
    return { element: element, top: element.getBoundingClientRect().top };
  }

  function keepPlace(place) {
    if (!place.element.isConnected) return;
    var moved = place.element.getBoundingClientRect().top - place.top;
    if (moved) window.scrollBy(0, moved);
  }

  function firstUnpinned() {
    return list.querySelector(".entry:not(.entry--pinned)");
  }

  function addKeyEvent(entry) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    var time = document.createElement("time");
    link.href = "#" + entry.id;
    time.dateTime = entry.posted_at;
    time.textContent = entry.time;
    link.append(time, " " + entry.title);
    item.append(link);
    keyList.prepend(item);
    keyNav.hidden = false;
  }

  function announce(added, keyTitles) {
    if (!added) return;
    var text = added === 1 ? "1 new update" : added + " new updates";
    if (keyTitles.length) text += ". Key event: " + keyTitles.join("; ");
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text + "."; }, 50);
  }

  function apply(data) {
    var place = placeOfReading();
    var added = 0;
    var keyTitles = [];
    // Oldest first, each at the top of its group: the newest ends up on top.
    data.entries.slice().reverse().forEach(function (entry) {
      var shown = document.getElementById(entry.id);
      var fresh = fromHtml(entry.html);
      if (shown) {
        if (shown.dataset.updated !== fresh.dataset.updated) {
          if (place.element === shown) place.element = fresh;
          shown.replaceWith(fresh);
        }
        return;
      }
      var empty = list.querySelector(".live__empty");
      if (empty) empty.remove();
      if (entry.is_pinned) list.prepend(fresh);
      else list.insertBefore(fresh, firstUnpinned());
      added += 1;
      if (entry.is_key_event) {
        addKeyEvent(entry);
        keyTitles.push(entry.title);
      }
    });
    keepPlace(place);
    announce(added, keyTitles);
    if (!data.is_open) {
      status.textContent = "This live coverage has ended.";
      var badge = live.querySelector(".live__badge");
      if (badge) badge.remove();
    }
    return data.is_open;
  }

  function poll() {
    timer = null;
    if (document.hidden) return; // asked again when the tab is shown
    // No cookies: every reader's request is the same one, answered from the
    // page cache (a reply author's cookie would make it personal).
    fetch(url, { credentials: "omit", cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        delay = every;
        if (apply(data)) schedule();
      })
      .catch(function () {
        delay = Math.min(delay * 2, 300000); // the server is busy or away
        schedule();
      });
  }

  function schedule() {
    if (timer === null) timer = window.setTimeout(poll, delay);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && timer === null) poll();
  });
  schedule();
})();
