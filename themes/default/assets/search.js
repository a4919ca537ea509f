/* search.js - client-side search over assets/search-index.js, on search.html.
 * Works from file:// (no fetch): the index is a script.  A large book's
 * index comes in parts (search-index-1.js, ...), which search-index.js
 * names in window.folioSearchParts: they are loaded here, beside it, and
 * searched once all have arrived. */
(function () {
	"use strict";
	var input = document.getElementById("search-page-input");
	var list = document.querySelector(".search-results");
	var status = document.querySelector(".search-status");
	if (!input || !list)
		return;
	/* folio's words in the book's language (the page's #folio-ui block) */
	var ui = { search_hint: "Type a word or two: results appear as you type.",
		   search_none: "Nothing found. Try another word.",
		   search_one: "{n} page found.", search_many: "{n} pages found." };
	try {
		var given = JSON.parse((document.getElementById("folio-ui") || {}).textContent || "{}");
		Object.keys(given).forEach(function (k) { ui[k] = given[k]; });
	} catch (e) { /* keep English */ }

	/* the status line says KEY's text ({n} = N), marked lang="en" when it
	 * is still folio's English in a book in another language */
	function say(key, n) {
		status.textContent = String(ui[key]).replace(/\{n\}/g, String(n));
		if (Array.isArray(ui.en) && ui.en.indexOf(key) >= 0)
			status.lang = "en";
		else
			status.removeAttribute("lang");
	}

	function norm(s) {
		return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
	}
	var docs = null; /* null until the index (every part of it) is in */
	function index_ready(entries) {
		docs = entries.map(function (e) {
			return { title: e[0], href: e[1], summary: e[2], text: e[4],
				 t: norm(e[0]), s: norm(e[2]), h: norm(e[3]), x: norm(e[4]) };
		});
		run();
	}
	function load_parts(parts) {
		var me = document.querySelector('script[src$="search-index.js"]');
		var base = me ? me.src.replace(/[^\/]*$/, "") : "assets/";
		var left = parts.length;
		function one_done() {
			if (--left)
				return;
			var got = window.folioSearchPart || {}, all = [];
			for (var k = 1; k <= parts.length; k++)
				all = all.concat(got[k] || []);
			index_ready(all);
		}
		parts.forEach(function (name) {
			var s = document.createElement("script");
			s.src = base + name;
			s.async = false;
			s.onload = s.onerror = one_done;
			document.head.appendChild(s);
		});
	}

	function snippet(d, word) {
		var i = d.x.indexOf(word);
		if (i < 0)
			return d.summary || d.text.slice(0, 160);
		var start = Math.max(0, i - 60);
		return (start ? "\u2026" : "") + d.text.slice(start, i + 100) + "\u2026";
	}

	function run() {
		var q = norm(input.value.trim());
		list.textContent = "";
		if (!q) {
			say("search_hint");
			return;
		}
		if (!docs)
			return; /* run again when the index is in */
		var words = q.split(/\s+/);
		var hits = [];
		docs.forEach(function (d) {
			var score = 0;
			for (var k = 0; k < words.length; k++) {
				var w = words[k], s = 0;
				if (d.t.indexOf(w) >= 0) s += 10;
				if (d.h.indexOf(w) >= 0) s += 5;
				if (d.s.indexOf(w) >= 0) s += 3;
				if (d.x.indexOf(w) >= 0) s += 1;
				if (!s)
					return; /* every word must match */
				score += s;
			}
			hits.push({ d: d, score: score });
		});
		hits.sort(function (a, b) { return b.score - a.score; });
		hits.slice(0, 30).forEach(function (h) {
			var li = document.createElement("li");
			var a = document.createElement("a");
			var p = document.createElement("p");
			a.href = h.d.href;
			a.textContent = h.d.title;
			p.textContent = snippet(h.d, words[0]);
			li.appendChild(a);
			li.appendChild(p);
			list.appendChild(li);
		});
		say(hits.length ? (hits.length === 1 ? "search_one" : "search_many") : "search_none", hits.length);
	}

	var q = new URLSearchParams(location.search).get("q");
	if (q)
		input.value = q;
	input.addEventListener("input", run);
	input.form.addEventListener("submit", function (e) {
		e.preventDefault();
		run();
	});
	run();
	if (Array.isArray(window.folioSearchParts))
		load_parts(window.folioSearchParts);
	else
		index_ready(window.folioSearch || []);
})();
