// alignscope dashboard: the world view's state panel, the year slider and the state
// search suggestions. Everything it asks for comes from this server (/api/states).
"use strict";

function worldView() {
  const island = document.getElementById("world-data");
  const svg = document.getElementById("world");
  if (!island || !svg) return;
  const data = JSON.parse(island.textContent);
  const title = document.getElementById("ties-title");
  const list = document.getElementById("ties-list");
  const more = document.getElementById("ties-more");
  const zh = data.lang === "zh-TW";
  const q = (params) => new URLSearchParams({ ...params, lang: data.lang }).toString();

  function select(code) {
    svg.querySelectorAll(".on").forEach((el) => el.classList.remove("on"));
    svg.classList.add("focus");
    const node = svg.querySelector(`.state[data-state="${CSS.escape(code)}"]`);
    if (node) node.classList.add("on");
    const ties = data.edges.filter((e) => e[0] === code || e[1] === code);
    const name = data.names[code] || code;
    title.textContent = zh ? `${name}在 ${data.year} 年的關係（${ties.length}）`
                           : `Ties of ${name} in ${data.year} (${ties.length})`;
    list.replaceChildren();
    for (const [a, b, type] of ties) {
      const other = a === code ? b : a;
      svg.querySelectorAll(`.tie[data-a="${a}"][data-b="${b}"]`).forEach((el) => el.classList.add("on"));
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = `/dyad?${q({ a: code, b: other, year: data.year })}`;
      link.textContent = `${data.names[other] || other} (${other})`;
      li.append(link, ` · ${data.types[type] || type}`);
      list.append(li);
    }
    more.hidden = false;
    more.querySelector("a").href = `/state?${q({ q: code, year: data.year })}`;
  }

  svg.addEventListener("click", (ev) => {
    const tie = ev.target.closest("line.tie");
    if (tie) window.location.href = `/dyad?${q({ a: tie.dataset.a, b: tie.dataset.b, year: data.year })}`;
  });
  svg.querySelectorAll(".state").forEach((el) => {
    el.addEventListener("click", () => select(el.dataset.state));
    el.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(el.dataset.state); }
    });
  });
}

function yearSlider() {
  const range = document.getElementById("year-range");
  const out = document.getElementById("year-out");
  if (!range || !out) return;
  range.addEventListener("input", () => { out.textContent = range.value; });
  range.addEventListener("change", () => range.form.requestSubmit());
}

function stateSuggestions() {
  const options = document.getElementById("state-options");
  if (!options) return;
  const zh = document.body.dataset.lang === "zh-TW";
  let pending = 0;
  document.querySelectorAll('input[list="state-options"]').forEach((input) => input.addEventListener("input", async () => {
    const text = input.value.trim();
    if (!text) return;
    const ticket = ++pending;
    const response = await fetch(`/api/states?${new URLSearchParams({ q: text, limit: 8 })}`);
    if (!response.ok || ticket !== pending) return;
    const found = await response.json();
    options.replaceChildren(...found.states.map((s) => {
      const option = document.createElement("option");
      option.value = s.code;
      option.label = `${zh ? s.name_zh : s.name} (${s.code}, COW ${s.ccode})`;
      return option;
    }));
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  worldView();
  yearSlider();
  stateSuggestions();
});
