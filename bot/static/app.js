// The web chat: one WebSocket to /ws, replies drawn as bubbles, buttons as chips.
// Everything from the server is inserted as text nodes, never as HTML; phones and web addresses become links.
(function () {
  "use strict";

  var CHAT_KEY = "gongkai.chat";
  var TRANSCRIPT_PREFIX = "gongkai.transcript.";
  var MAX_ENTRIES = 300;
  var MIN_DELAY = 500;
  var MAX_DELAY = 5000;

  var messages = document.getElementById("messages");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var sendButton = document.getElementById("send");
  var menuButton = document.getElementById("menu");
  var statusLine = document.getElementById("status");
  var fileInput = document.getElementById("file");
  var attach = document.getElementById("attach");
  var MAX_UPLOAD = 10 * 1024 * 1024;
  var DEFAULT_PLACEHOLDER = input.getAttribute("placeholder");
  // Replies arriving this close together answer one message: the view starts at the first of them.
  var TURN_GAP = 1500;
  // Web addresses (ASCII up to the first Chinese character or space) and phones: 0531-88150105, 13912345678.
  var LINKS = /(?:https?:\/\/|www\.)[A-Za-z0-9\-._~:\/?#\[\]@!$&'()*+,;=%]+|0\d{2,3}-\d{7,8}|1[3-9]\d{9}/g;
  var TRAILING = /[.,;:!?'")\]]+$/;

  var ws = null;
  var chatId = null; // the id the server confirmed for this page
  var transcript = [];
  var delay = MIN_DELAY;
  var composingEnded = 0;
  var turnStart = null; // the first bubble answering the user's last message
  var lastReplyAt = 0;

  // Storage may be unavailable (private mode, disabled cookies): the chat still works, it just forgets.
  function storageGet(storage, key) {
    try { return window[storage].getItem(key); } catch (e) { return null; }
  }
  function storageSet(storage, key, value) {
    try { window[storage].setItem(key, value); } catch (e) { /* full or unavailable */ }
  }
  function storageRemove(storage, key) {
    try { window[storage].removeItem(key); } catch (e) { /* unavailable */ }
  }

  function loadTranscript(id) {
    var raw = storageGet("sessionStorage", TRANSCRIPT_PREFIX + id);
    if (!raw) return [];
    try {
      var parsed = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      return [];
    }
  }

  function saveTranscript() {
    if (!chatId) return;
    if (transcript.length > MAX_ENTRIES) transcript = transcript.slice(-MAX_ENTRIES);
    storageSet("sessionStorage", TRANSCRIPT_PREFIX + chatId, JSON.stringify(transcript));
  }

  function setStatus(state, text) {
    statusLine.dataset.state = state;
    statusLine.textContent = text;
    var open = state === "open";
    sendButton.disabled = !open;
    menuButton.disabled = !open;
  }

  function scrollToEnd() {
    messages.scrollTop = messages.scrollHeight;
  }

  // The answer's first line stays in view: scroll to the end unless that would push it above the top.
  // The question it answers stays above it where it was the message just before.
  function reveal() {
    if (!turnStart || !turnStart.isConnected) {
      scrollToEnd();
      return;
    }
    var question = turnStart.previousElementSibling;
    var anchor = question && question.classList.contains("user") ? question : turnStart;
    var top = anchor.offsetTop - 8;
    messages.scrollTop = Math.min(top, messages.scrollHeight - messages.clientHeight);
  }

  // The step decides what the input box suggests and whether 上传 is offered.
  function applyHint(entry) {
    if (typeof entry.expect !== "string") return;
    input.setAttribute("placeholder", typeof entry.placeholder === "string" ? entry.placeholder : DEFAULT_PLACEHOLDER);
    attach.hidden = entry.expect !== "upload";
  }

  function digitOrLetter(ch) {
    return /[0-9A-Za-z]/.test(ch || "");
  }

  function linkFor(found) {
    var link = document.createElement("a");
    link.textContent = found;
    if (/^[0-9]/.test(found)) {
      link.className = "link tel";
      link.href = "tel:" + found.replace(/-/g, "");
    } else {
      link.className = "link url";
      link.href = /^www\./.test(found) ? "http://" + found : found;
      link.title = found;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
    return link;
  }

  // Text as text nodes, with phones as tel: links and web addresses as links.
  function appendText(parent, text) {
    var last = 0;
    var match;
    LINKS.lastIndex = 0;
    while ((match = LINKS.exec(text)) !== null) {
      var found = match[0];
      var start = match.index;
      if (/^[0-9]/.test(found)) {
        // A phone inside a longer number or code (LX2026-000123) is not a phone.
        if (digitOrLetter(text.charAt(start - 1)) || /[0-9]/.test(text.charAt(start + found.length))) continue;
      } else {
        found = found.replace(TRAILING, "");
      }
      if (start > last) parent.appendChild(document.createTextNode(text.slice(last, start)));
      parent.appendChild(linkFor(found));
      last = start + found.length;
      LINKS.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // Only same-site http(s) links become downloads; anything else is shown as plain text.
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url, window.location.href);
      if (parsed.origin !== window.location.origin) return null;
      return parsed.href;
    } catch (e) {
      return null;
    }
  }

  // The server sends the file's mime where it knows it; otherwise the name's extension decides.
  function isImage(file) {
    if (typeof file.mime === "string") return /^image\/(png|jpeg|gif|webp)$/.test(file.mime);
    return /\.(png|jpe?g|gif|webp)$/i.test(file.name);
  }

  function drawUser(text) {
    var bubble = document.createElement("div");
    bubble.className = "msg user";
    bubble.textContent = text;
    messages.appendChild(bubble);
  }

  // Copies `value` to the clipboard; where the Clipboard API is unavailable (plain http), through a selection.
  function copyText(value) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(value);
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    var copied = document.execCommand("copy");
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  // What the reply's text calls a value: the words before it on its line ("申请编号：LX2026-000123").
  function labelOf(value, text) {
    var line = text.split("\n").filter(function (l) { return l.indexOf(value) >= 0; })[0] || "";
    var label = line.slice(0, line.indexOf(value)).replace(/[：:\s]+$/, "");
    return label.length <= 8 ? label : "";
  }

  // Values to keep (tracking number, query code): shown large, each with its copy button.
  function drawCopies(wrap, copies, text) {
    var box = document.createElement("div");
    box.className = "copies";
    copies.forEach(function (value) {
      if (typeof value !== "string" || !value) return;
      var label = labelOf(value, text);
      var line = document.createElement("div");
      line.className = "copy";
      if (label) {
        var name = document.createElement("span");
        name.className = "copy-label";
        name.textContent = label;
        line.appendChild(name);
      }
      var shown = document.createElement("span");
      shown.className = "copy-value";
      shown.textContent = value;
      line.appendChild(shown);
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "复制";
      button.setAttribute("aria-label", "复制" + (label || value));
      button.addEventListener("click", function () {
        copyText(value).then(
          function () { button.textContent = "已复制"; },
          function () { button.textContent = "请长按复制"; }
        );
      });
      line.appendChild(button);
      box.appendChild(line);
    });
    if (box.firstChild) wrap.appendChild(box);
  }

  function drawBot(entry) {
    var wrap = document.createElement("div");
    wrap.className = "msg bot";
    var text = document.createElement("div");
    text.className = "text";
    var said = typeof entry.text === "string" ? entry.text : "";
    appendText(text, said);
    wrap.appendChild(text);
    if (Array.isArray(entry.copy) && entry.copy.length) drawCopies(wrap, entry.copy, said);

    var files = Array.isArray(entry.files) ? entry.files : [];
    if (files.length) {
      var list = document.createElement("div");
      list.className = "files";
      files.forEach(function (file) {
        if (!file || typeof file.name !== "string") return;
        var href = safeUrl(file.url);
        // Charts are shown in the bubble; the link below still downloads them.
        if (href && isImage(file)) {
          var image = document.createElement("img");
          image.className = "image";
          image.setAttribute("src", href);
          image.setAttribute("alt", file.name);
          // An expired link (a transcript restored after file_ttl) leaves only the download link.
          image.addEventListener("error", function () { image.remove(); });
          // The picture arrives after the bubble was drawn: place the answer again if the view was at its end.
          image.addEventListener("load", function () {
            var below = messages.scrollHeight - image.offsetHeight - messages.scrollTop - messages.clientHeight;
            if (below < 40) reveal();
          });
          list.appendChild(image);
        }
        var link = document.createElement(href ? "a" : "span");
        link.className = "file";
        link.textContent = "⬇ " + file.name;
        if (href) {
          link.href = href;
          link.setAttribute("download", file.name);
        }
        list.appendChild(link);
      });
      wrap.appendChild(list);
    }
    messages.appendChild(wrap);

    var rows = Array.isArray(entry.buttons) ? entry.buttons : [];
    if (rows.length) {
      var buttons = document.createElement("div");
      buttons.className = "buttons";
      rows.forEach(function (row) {
        if (!Array.isArray(row)) return;
        var line = document.createElement("div");
        line.className = "row";
        row.forEach(function (b) {
          if (!b || typeof b.label !== "string" || typeof b.action !== "string") return;
          var chip = document.createElement("button");
          chip.type = "button";
          chip.textContent = b.label;
          chip.dataset.action = b.action;
          if (b.primary === true) chip.className = "primary";
          chip.addEventListener("click", function () { pressAction(b.label, b.action); });
          line.appendChild(chip);
        });
        buttons.appendChild(line);
      });
      messages.appendChild(buttons);
    }
    return wrap;
  }

  function drawNotice(text) {
    var notice = document.createElement("div");
    notice.className = "notice";
    notice.textContent = text;
    messages.appendChild(notice);
  }

  function draw(entry) {
    if (entry.role === "user") drawUser(entry.text);
    else if (entry.role === "bot") return drawBot(entry);
    else drawNotice(entry.text);
    return null;
  }

  function record(entry) {
    transcript.push(entry);
    saveTranscript();
    var bubble = draw(entry);
    if (bubble) {
      var now = Date.now();
      if (!turnStart || now - lastReplyAt > TURN_GAP) turnStart = bubble;
      lastReplyAt = now;
      applyHint(entry);
    } else {
      turnStart = null;
    }
    reveal();
  }

  // A reply frame as a transcript entry: what drawBot and applyHint read.
  function botEntry(frame) {
    return {
      role: "bot",
      text: frame.text,
      buttons: frame.buttons,
      files: frame.files,
      copy: frame.copy,
      expect: frame.expect,
      placeholder: frame.placeholder,
    };
  }

  function clearMessages() {
    while (messages.firstChild) messages.removeChild(messages.firstChild);
  }

  function send(frame) {
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      drawNotice("尚未连接到服务器，请稍候再试。");
      scrollToEnd();
      return false;
    }
    ws.send(JSON.stringify(frame));
    return true;
  }

  function sendText() {
    var text = input.value.trim();
    if (!text) return;
    if (send({ type: "message", text: text })) {
      record({ role: "user", text: text });
      input.value = "";
    }
  }

  function pressAction(label, action) {
    if (send({ type: "action", action: action })) {
      record({ role: "user", text: label });
    }
  }

  function onHello(id) {
    var stored = storageGet("localStorage", CHAT_KEY);
    if (chatId === id) return; // reconnected to the chat already on screen
    if (chatId && chatId !== id) {
      // The server no longer knows our chat: start over.
      storageRemove("sessionStorage", TRANSCRIPT_PREFIX + chatId);
    }
    chatId = id;
    storageSet("localStorage", CHAT_KEY, id);
    clearMessages();
    if (stored === id) {
      transcript = loadTranscript(id);
      if (transcript.length) {
        transcript.forEach(function (entry) {
          if (draw(entry)) applyHint(entry);
        });
        scrollToEnd();
        return;
      }
      // Same chat, but this tab has no transcript (e.g. a new tab): show the menu without resetting the chat.
      send({ type: "action", action: "menu" });
      return;
    }
    if (stored) storageRemove("sessionStorage", TRANSCRIPT_PREFIX + stored);
    transcript = [];
    saveTranscript();
    send({ type: "message", text: "/start" });
  }

  function onFrame(event) {
    var frame;
    try {
      frame = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (!frame || typeof frame !== "object") return;
    if (frame.type === "hello" && typeof frame.chat === "string") {
      onHello(frame.chat);
    } else if (frame.type === "reply") {
      record(botEntry(frame));
    } else if (frame.type === "error") {
      record({ role: "notice", text: typeof frame.text === "string" ? frame.text : "出错了。" });
    }
  }

  function connect() {
    var known = chatId || storageGet("localStorage", CHAT_KEY);
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    var url = scheme + "//" + window.location.host + "/ws" + (known ? "?chat=" + encodeURIComponent(known) : "");
    var socket;
    try {
      socket = new WebSocket(url);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    ws = socket;
    socket.addEventListener("open", function () {
      delay = MIN_DELAY;
      setStatus("open", "已连接");
    });
    socket.addEventListener("message", onFrame);
    socket.addEventListener("close", function () {
      if (ws !== socket) return;
      ws = null;
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    setStatus("closed", "已断开，正在重连…");
    var wait = delay;
    delay = Math.min(delay * 2, MAX_DELAY);
    window.setTimeout(connect, wait);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendText();
  });

  // Enter that confirms an IME composition (pinyin) must not send the message.
  input.addEventListener("compositionend", function () { composingEnded = Date.now(); });
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    if (event.isComposing || event.keyCode === 229 || Date.now() - composingEnded < 50) {
      event.preventDefault();
    }
  });

  // Files go over HTTP (the socket carries text only); the replies come back in the response.
  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (!file || !chatId) return;
    if (file.size > MAX_UPLOAD) {
      record({ role: "notice", text: "文件超过10MB，请压缩后再上传。" });
      return;
    }
    var body = new FormData();
    body.append("chat", chatId);
    body.append("file", file, file.name);
    record({ role: "user", text: "（上传文件：" + file.name + "）" });
    fetch("/upload", { method: "POST", body: body })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        (answer.replies || []).forEach(function (frame) {
          record(botEntry(frame));
        });
        if (answer.error) record({ role: "notice", text: answer.error });
      })
      .catch(function () { record({ role: "notice", text: "上传失败，请稍后再试。" }); });
  });

  menuButton.addEventListener("click", function () {
    pressAction("菜单", "menu");
  });

  setStatus("connecting", "连接中…");
  connect();
})();
