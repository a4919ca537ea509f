/* folio.js - progressive enhancement only: every page works without it. */
(function () {
	"use strict";
	/* Large books share one table of contents (toc-data.js) instead of
	 * repeating it in every page. */
	var list = document.querySelector(".toc-loaded");
	if (list && window.folioToc) {
		var here = decodeURIComponent(location.pathname.split("/").pop() || "index.html");
		window.folioToc.forEach(function (entry) {
			var li = document.createElement("li");
			var a = document.createElement("a");
			a.textContent = entry[0];
			a.href = entry[1];
			if (decodeURIComponent(entry[1]) === here)
				a.setAttribute("aria-current", "page");
			li.appendChild(a);
			list.appendChild(li);
		});
		list.hidden = false;
	}
	/* In a long sidebar, bring the current chapter into view (the sidebar
	 * scrolls on its own on wide screens; the page does not move). */
	var nav = document.querySelector(".book-toc");
	var cur = nav && nav.querySelector('[aria-current="page"]');
	if (cur && nav.scrollHeight > nav.clientHeight)
		nav.scrollTop = Math.max(0, cur.offsetTop - nav.offsetTop - nav.clientHeight / 3);

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
		timer_done: "Done. You can release the stretch.", stretch: "stretch"
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
