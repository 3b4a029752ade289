// PresenceCluster web client: plain JavaScript over the silo's Graph-compatible API, no build step.
// The signed-in page is a presence session of its own (Graph's setPresence), so the user shows as online while it is
// open; presence of the contacts arrives on the server-sent events stream, read with fetch so that the token travels
// in the Authorization header rather than in a URL.
"use strict";

const OTHER_GROUP = "Other contacts";
const SESSION_RENEWAL_MS = 4 * 60 * 1000;
const ACTIVITY_TEXT = {
  Available: "Available", Busy: "Busy", DoNotDisturb: "Do not disturb", BeRightBack: "Be right back", Away: "Away",
  Offline: "Offline", OffWork: "Off work", InACall: "In a call", InAConferenceCall: "In a conference call",
  InAMeeting: "In a meeting", Presenting: "Presenting", OutOfOffice: "Out of office", Inactive: "Inactive",
  UrgentInterruptionsOnly: "Urgent interruptions only", PresenceUnknown: "Presence unknown",
};

const state = {
  token: sessionStorage.getItem("presence.token"),
  sessionId: sessionStorage.getItem("presence.session") || crypto.randomUUID(),
  me: null,
  contacts: [],
  presence: new Map(),
  stream: null,
  renewal: null,
};
sessionStorage.setItem("presence.session", state.sessionId);

const $ = (id) => document.getElementById(id);

function say(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

/** Calls the Graph-compatible API; throws an Error with Graph's message on a refusal. */
async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${state.token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401) {
    signOut("Your sign-in has expired; sign in again.");
    throw new Error("signed out");
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error(json?.error?.message || `HTTP ${response.status}`);
  }
  return json;
}

async function signIn(user) {
  const response = await fetch("/auth/dev/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user }),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(json?.error?.message || json?.detail || `Sign-in failed (HTTP ${response.status}).`);
  }
  useToken(json.access_token);
}

function useToken(token) {
  state.token = token;
  sessionStorage.setItem("presence.token", token);
  start().catch((error) => say(error.message, true));
}

async function start() {
  const own = await api("GET", "/v1.0/me/presence");
  state.me = own.id;
  state.presence.set(own.id, own);
  $("my-name").textContent = own.id;
  $("sign-in").hidden = true;
  $("app").hidden = false;
  $("me").hidden = false;
  $("note").value = own.statusMessage?.message?.content || "";
  await renewSession();
  state.renewal = setInterval(() => renewSession().catch((error) => say(error.message, true)), SESSION_RENEWAL_MS);
  await loadContacts();
  say(`Signed in as ${own.id}.`);
}

/** This page's own presence session: online while it is open, gone a few minutes after it closes. */
function renewSession() {
  return api("POST", "/v1.0/me/presence/setPresence", {
    sessionId: state.sessionId, availability: "Available", activity: "Available", expirationDuration: "PT5M",
  });
}

function signOut(message) {
  if (state.token && state.me) {
    api("POST", "/v1.0/me/presence/clearPresence", { sessionId: state.sessionId }).catch(() => {});
  }
  state.stream?.abort();
  clearInterval(state.renewal);
  Object.assign(state, { token: null, me: null, contacts: [], stream: null, renewal: null });
  state.presence.clear();
  sessionStorage.removeItem("presence.token");
  $("app").hidden = true;
  $("me").hidden = true;
  $("sign-in").hidden = false;
  $("groups").replaceChildren();
  say(message || "Signed out.");
}

async function loadContacts() {
  const list = await api("GET", "/v1.0/me/contacts");
  state.contacts = list.value;
  render();
  follow();
}

/** (Re)opens the events stream for the signed-in user and every contact; reconnects with back-off. */
function follow() {
  state.stream?.abort();
  const controller = new AbortController();
  state.stream = controller;
  const ids = [state.me, ...state.contacts.map((c) => c.id)].slice(0, 650);
  let delay = 1000;
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        await readStream(`/v1.0/me/presence/events?ids=${encodeURIComponent(ids.join(","))}`, controller.signal);
        delay = 1000;
      } catch (error) {
        if (controller.signal.aborted) {
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  };
  run();
}

async function readStream(url, signal) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${state.token}`, Accept: "text/event-stream" }, signal });
  if (!response.ok || !response.body) {
    throw new Error(`events: HTTP ${response.status}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n");
      if (data) {
        const presence = JSON.parse(data);
        state.presence.set(presence.id, presence);
        updateRow(presence.id);
      }
    }
  }
}

function groupOf(contact) {
  return contact.categories?.[0] || OTHER_GROUP;
}

function groups() {
  const names = new Set(state.contacts.map(groupOf));
  names.add(OTHER_GROUP);
  return [...names].sort((a, b) => (a === OTHER_GROUP) - (b === OTHER_GROUP) || a.localeCompare(b));
}

function dot(presence) {
  const span = document.createElement("span");
  span.className = `dot ${presence?.availability || "Offline"}${presence?.outOfOfficeSettings?.isOutOfOffice ? " oof" : ""}`;
  span.setAttribute("aria-hidden", "true");
  return span;
}

function render() {
  const mine = state.presence.get(state.me);
  $("my-dot").replaceWith(Object.assign(dot(mine), { id: "my-dot" }));
  const filter = $("filter").value.trim().toLowerCase();
  const container = document.createDocumentFragment();
  for (const group of groups()) {
    const members = state.contacts
      .filter((c) => groupOf(c) === group)
      .filter((c) => !filter || c.id.includes(filter) || (c.displayName || "").toLowerCase().includes(filter))
      .sort((a, b) => (a.displayName || a.id).localeCompare(b.displayName || b.id));
    if (members.length === 0 && (filter || group === OTHER_GROUP)) {
      continue;
    }
    const heading = document.createElement("h3");
    heading.textContent = `${group} (${members.length})`;
    const list = document.createElement("ul");
    list.className = "contacts";
    list.setAttribute("aria-label", group);
    members.forEach((contact) => list.append(row(contact)));
    container.append(heading, list);
  }
  $("groups").replaceChildren(container);
  $("group-names").replaceChildren(...groups().map((name) => Object.assign(document.createElement("option"), { value: name })));
}

/** Redraws one user's presence only, so that a control the user is on keeps its focus. */
function updateRow(address) {
  if (address === state.me) {
    $("my-dot").replaceWith(Object.assign(dot(state.presence.get(address)), { id: "my-dot" }));
    return;
  }
  const contact = state.contacts.find((c) => c.id === address);
  const current = [...document.querySelectorAll("li.contact")].find((li) => li.dataset.address === address);
  if (contact && current) {
    current.replaceWith(row(contact));
  }
}

function row(contact) {
  const presence = state.presence.get(contact.id);
  const item = document.createElement("li");
  item.className = "contact";
  item.dataset.address = contact.id;
  item.dataset.availability = presence?.availability || "Offline";

  const who = document.createElement("div");
  const name = Object.assign(document.createElement("span"), { className: "who", textContent: contact.displayName || contact.id });
  const activity = Object.assign(document.createElement("div"), {
    className: "activity",
    textContent: ACTIVITY_TEXT[presence?.activity] || presence?.activity || "Offline",
  });
  who.append(name);
  if (contact.displayName) {
    who.append(Object.assign(document.createElement("span"), { className: "address", textContent: contact.id }));
  }
  who.append(activity);

  const actions = document.createElement("div");
  actions.className = "actions";
  const move = document.createElement("select");
  move.setAttribute("aria-label", `Move ${contact.id} to group`);
  for (const group of groups()) {
    move.append(Object.assign(document.createElement("option"), { value: group, textContent: group, selected: group === groupOf(contact) }));
  }
  move.addEventListener("change", () => moveContact(contact, move.value));
  const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "Remove" });
  remove.setAttribute("aria-label", `Remove ${contact.id}`);
  remove.addEventListener("click", () => removeContact(contact));
  actions.append(move, remove);

  item.append(dot(presence), who, actions);
  const note = presence?.statusMessage?.message?.content;
  if (note) {
    item.append(Object.assign(document.createElement("div"), { className: "note", textContent: note }));
  }
  if (presence?.outOfOfficeSettings?.isOutOfOffice) {
    item.append(Object.assign(document.createElement("div"), {
      className: "oof-note",
      textContent: `Out of office${presence.outOfOfficeSettings.message ? `: ${presence.outOfOfficeSettings.message}` : ""}`,
    }));
  }
  return item;
}

async function moveContact(contact, group) {
  await act(async () => {
    await api("PATCH", `/v1.0/me/contacts/${encodeURIComponent(contact.id)}`, { categories: group === OTHER_GROUP ? [] : [group] });
    await loadContacts();
    return `Moved ${contact.id} to ${group}.`;
  });
}

async function removeContact(contact) {
  await act(async () => {
    await api("DELETE", `/v1.0/me/contacts/${encodeURIComponent(contact.id)}`);
    await loadContacts();
    return `Removed ${contact.id}.`;
  });
}

/** Runs an action and reports its outcome (or Graph's message) in the status line. */
async function act(action) {
  try {
    say(await action());
  } catch (error) {
    say(error.message, true);
  }
}

function wire() {
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    signIn($("sign-in-user").value.trim()).catch((error) => say(error.message, true));
  });
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    useToken($("token-input").value.trim());
  });
  $("sign-out").addEventListener("click", () => signOut());
  $("presence-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const [availability, activity] = $("availability").value.split("/");
    act(async () => {
      await api("POST", "/v1.0/me/presence/setUserPreferredPresence", { availability, activity });
      return `Your availability is ${$("availability").selectedOptions[0].textContent}.`;
    });
  });
  $("reset-availability").addEventListener("click", () => act(async () => {
    await api("POST", "/v1.0/me/presence/clearUserPreferredPresence");
    return "Your availability follows your activity again.";
  }));
  $("note-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act(async () => {
      await api("POST", "/v1.0/me/presence/setStatusMessage", { statusMessage: { message: { content: $("note").value, contentType: "text" } } });
      return $("note").value ? "Note saved." : "Note cleared.";
    });
  });
  $("look-up").addEventListener("click", () => act(async () => {
    const address = $("add-address").value.trim();
    const presence = await api("GET", `/v1.0/users/${encodeURIComponent(address)}/presence`);
    $("look-up-result").replaceChildren(dot(presence), ` ${presence.id}: ${ACTIVITY_TEXT[presence.activity] || presence.activity}`);
    return `Found ${presence.id}.`;
  }));
  $("add-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act(async () => {
      const address = $("add-address").value.trim();
      const group = $("add-group").value.trim();
      await api("POST", "/v1.0/me/contacts", {
        imAddresses: [address.startsWith("sip:") ? address : `sip:${address}`],
        categories: group && group !== OTHER_GROUP ? [group] : [],
      });
      $("add-address").value = "";
      await loadContacts();
      return `Added ${address}.`;
    });
  });
  $("filter").addEventListener("input", render);
  window.addEventListener("pagehide", () => {
    if (state.token) {
      // Best effort: the session also expires by itself five minutes after the last renewal.
      fetch("/v1.0/me/presence/clearPresence", {
        method: "POST",
        keepalive: true,
        headers: { Authorization: `Bearer ${state.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ sessionId: state.sessionId }),
      }).catch(() => {});
    }
  });
}

wire();
if (state.token) {
  start().catch((error) => say(error.message, true));
}
