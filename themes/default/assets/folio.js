/* folio.js - progressive enhancement only: every page works without it. */
(function () {
	"use strict";
	/* Large books share one table of contents (toc-data.js) instead of
	 * repeating it in every page. */
	/* A question whose id is the URL's fragment opens by itself. */
	function openTarget() {
		var id = decodeURIComponent(location.hash.slice(1));
		var el = id && document.getElementById(id);
		if (el && el.tagName === "DETAILS") {
			el.open = true;
		} else if (el && el.closest) {
			var d = el.closest("details");
			if (d)
				d.open = true;
		}
	}
	openTarget();
	window.addEventListener("hashchange", openTarget);

	/* folio's words in the book's language: the page's #folio-ui block
	 * (made from the theme's i18n/LANG.yaml and the book's ui.yaml). */
	var ui = {
		timer_start: "Start {time} hold timer", timer_start_for: "Start {time} hold timer for {label}",
		timer_stop: "Stop timer", timer_stop_for: "Stop timer for {label}", timer_hold: "Hold for {time}.",
		timer_left: "{time} left", timer_stopped: "Timer stopped.",
		timer_done: "Done. You can release the stretch.", stretch: "stretch",
		toggle_section: "Show or hide the pages in {name}"
	};
	try {
		var given = JSON.parse((document.getElementById("folio-ui") || {}).textContent || "{}");
		Object.keys(given).forEach(function (k) { ui[k] = given[k]; });
	} catch (e) { /* keep English */ }
	/* keys whose text is still folio's English in a book in another language */
	var english = Array.isArray(ui.en) ? ui.en : [];
	function say(key, vars) {
		return String(ui[key]).replace(/\{([a-z_]+)\}/g, function (m, name) {
			return vars && Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : m;
		});
	}

	var list = document.querySelector(".toc-loaded");
	var root = document.documentElement.getAttribute("data-root") || "";
	if (list && window.folioToc) {
		/* entries: [title, href from the site root, depth, number, kind] */
		var here = location.pathname;
		var stack = [list], lastLi = [null];
		list.classList.add("toc-tree");
		window.folioToc.forEach(function (entry) {
			var depth = Math.min(entry[2], stack.length);
			while (stack.length - 1 > depth) {
				stack.pop();
				lastLi.pop();
			}
			if (depth > stack.length - 1 && lastLi[lastLi.length - 1]) {
				var ol = document.createElement("ol");
				var parent = lastLi[lastLi.length - 1];
				parent.appendChild(ol);
				parent.classList.add("toc-branch");
				stack.push(ol);
				lastLi.push(null);
			}
			var li = document.createElement("li");
			if (entry[4] === 3) {
				li.className = "toc-separator";
				li.setAttribute("aria-hidden", "true");
			} else {
				var el = document.createElement(entry[1] ? "a" : "span");
				if (entry[3]) {
					var num = document.createElement("span");
					num.className = "toc-num";
					num.textContent = entry[3];
					el.appendChild(num);
					el.appendChild(document.createTextNode(" "));
				}
				el.appendChild(document.createTextNode(entry[0]));
				if (entry[1]) {
					el.href = root + entry[1];
					if (el.pathname === here || (el.pathname + "index.html") === here)
						el.setAttribute("aria-current", "page");
				} else {
					el.className = entry[4] === 2 ? "toc-draft" : "toc-label";
				}
				li.appendChild(el);
			}
			stack[stack.length - 1].appendChild(li);
			lastLi[lastLi.length - 1] = li;
		});
		var cur0 = list.querySelector('[aria-current="page"]');
		for (var p = cur0 && cur0.parentNode; p && p !== list; p = p.parentNode)
			if (p.classList && p.classList.contains("toc-branch"))
				p.classList.add("open");
		list.hidden = false;
	}
	/* Collapsible sections in the sidebar: a branch opens on a button;
	 * the current page's branches start open.  Without JavaScript every
	 * branch is shown. */
	Array.prototype.forEach.call(document.querySelectorAll(".book-toc .toc-branch"), function (li, i) {
		var sub = li.querySelector(":scope > ol");
		if (!sub)
			return;
		if (!sub.id)
			sub.id = "toc-sub-" + i;
		var b = document.createElement("button");
		b.type = "button";
		b.className = "toc-toggle";
		b.setAttribute("aria-controls", sub.id);
		var label = (li.firstElementChild && li.firstElementChild.textContent) || "";
		b.setAttribute("aria-label", say("toggle_section", { name: label }));
		function set(open) {
			li.classList.toggle("collapsed", !open);
			b.setAttribute("aria-expanded", open ? "true" : "false");
			b.textContent = open ? "\u25BE" : "\u25B8";
		}
		set(li.classList.contains("open"));
		b.addEventListener("click", function () { set(li.classList.contains("collapsed")); });
		li.insertBefore(b, sub);
	});
	/* In a long sidebar, bring the current chapter into view (the sidebar
	 * scrolls on its own on wide screens; the page does not move). */
	var nav = document.querySelector(".book-toc");
	var cur = nav && nav.querySelector('[aria-current="page"]');
	if (cur && nav.scrollHeight > nav.clientHeight)
		nav.scrollTop = Math.max(0, cur.offsetTop - nav.offsetTop - nav.clientHeight / 3);


	/* Hold timers for stretches with a 'hold:' time.  The page says the
	 * hold time in text; this adds a start/stop button and announces the
	 * count politely to screen readers (every 5 s and at the end). */
	Array.prototype.forEach.call(document.querySelectorAll(".hold-timer"), function (box) {
		var total = parseInt(box.getAttribute("data-seconds"), 10);
		if (!(total > 0))
			return;
		var label = box.getAttribute("data-label") || ui.stretch;
		var button = document.createElement("button");
		var display = document.createElement("span");
		var live = document.createElement("span");
		button.type = "button";
		display.className = "hold-display";
		display.setAttribute("aria-hidden", "true");
		live.className = "visually-hidden";
		live.setAttribute("role", "status");
		live.setAttribute("aria-live", "polite");
		var left = total, timer = null;
		function fmt(s) {
			var m = Math.floor(s / 60), r = s % 60;
			return m ? m + ":" + (r < 10 ? "0" : "") + r : s + " s";
		}
		/* the text of KEY into EL, marked lang="en" if it is English in a
		 * book in another language (WCAG 3.1.2) */
		function put(el, key, vars) {
			el.textContent = say(key, vars);
			if (english.indexOf(key) >= 0)
				el.lang = "en";
			else
				el.removeAttribute("lang");
		}
		function idle() {
			put(button, "timer_start", { time: fmt(total) });
			button.setAttribute("aria-label", say("timer_start_for", { time: fmt(total), label: label }));
			display.textContent = fmt(total);
		}
		function stop(key) {
			clearInterval(timer);
			timer = null;
			left = total;
			idle();
			if (key)
				put(live, key);
		}
		button.addEventListener("click", function () {
			if (timer) {
				stop("timer_stopped");
				return;
			}
			left = total;
			put(button, "timer_stop");
			button.setAttribute("aria-label", say("timer_stop_for", { label: label }));
			put(live, "timer_hold", { time: fmt(total) });
			timer = setInterval(function () {
				left -= 1;
				display.textContent = fmt(left);
				if (left <= 0)
					stop("timer_done");
				else if (left % 5 === 0)
					put(live, "timer_left", { time: fmt(left) });
			}, 1000);
		});
		idle();
		box.appendChild(button);
		box.appendChild(display);
		box.appendChild(live);
		box.hidden = false;
	});
})();
