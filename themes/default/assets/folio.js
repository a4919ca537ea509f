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
})();
