// Flame graph interactivity: hover details, click to zoom, regex search, state in the URL.
// fg-svg writes this file after the config globals it reads: nametype, fontsize, fontwidth,
// xpad, inverted, searchcolor, fluiddrawing, countname (factor is not needed here: the titles
// already hold the scaled counts). No "use strict": it would not be this script's first line.
// Frame geometry always comes from the values the SVG was written with (kept in `frameList`),
// so zooming twice never accumulates rounding and Reset Zoom restores the markup exactly.
var detailsText, searchButton, ignorecaseButton, unzoomButton, matchedText, svgRoot, framesGroup;
var frameList = null;        // lazily built: one record per frame <g>/<a>, in document order
var zoomedFrame = null;      // record of the frame zoomed to, or null when not zoomed
var searchTerm = null;       // current search regex source, or null
var searchIgnoreCase = false;

function init(evt) {
	detailsText = document.getElementById("details");
	searchButton = document.getElementById("search");
	ignorecaseButton = document.getElementById("ignorecase");
	unzoomButton = document.getElementById("unzoom");
	matchedText = document.getElementById("matched");
	framesGroup = document.getElementById("frames");
	svgRoot = framesGroup.ownerSVGElement || document.documentElement;

	// Fluid drawing: let the SVG fill its container; the viewBox keeps frame coordinates.
	if (fluiddrawing && svgRoot.getAttribute("viewBox"))
		svgRoot.removeAttribute("width");

	var params = readUrlParams();
	if (params.x !== undefined && params.y !== undefined) {
		var frame = findFrameAt(params.x, params.y);
		if (frame)
			zoomTo(frame);
	}
	if (params.s)
		runSearch(params.s);
}

// ---- events ---------------------------------------------------------------------------------

window.addEventListener("click", function (e) {
	var group = frameGroupOf(e.target);
	if (group) {
		// A frame with a link follows it on a plain click; Ctrl+click zooms instead.
		if (group.localName === "a") {
			if (!e.ctrlKey)
				return;
			e.preventDefault();
		}
		zoomTo(frameRecordOf(group));
		return;
	}
	var id = e.target && e.target.id;
	if (id === "unzoom")
		resetZoom();
	else if (id === "search")
		searchButtonClicked();
	else if (id === "ignorecase")
		toggleIgnoreCase();
}, false);

window.addEventListener("mouseover", function (e) {
	var group = frameGroupOf(e.target);
	if (group && detailsText)
		detailsText.textContent = nametype + " " + detailsFor(group);
}, false);

window.addEventListener("mouseout", function (e) {
	if (frameGroupOf(e.target) && detailsText)
		detailsText.textContent = " ";
}, false);

window.addEventListener("keydown", function (e) {
	var key = (e.key || "").toLowerCase();
	if (e.keyCode === 114 || key === "f3" || (e.ctrlKey && (e.keyCode === 70 || key === "f"))) {
		e.preventDefault();
		searchButtonClicked();
	} else if (e.ctrlKey && (e.keyCode === 73 || key === "i")) {
		e.preventDefault();
		toggleIgnoreCase();
	}
}, false);

// ---- frames ---------------------------------------------------------------------------------

// The direct child of #frames that holds the node, or null outside the frames.
function frameGroupOf(node) {
	while (node && node.parentNode) {
		if (node.parentNode === framesGroup)
			return node;
		node = node.parentNode;
	}
	return null;
}

function firstChildNamed(group, name) {
	for (var c = group.firstElementChild; c; c = c.nextElementSibling) {
		if (c.localName === name)
			return c;
		var inner = c.localName === "a" || c.localName === "g" ? firstChildNamed(c, name) : null;
		if (inner)
			return inner;
	}
	return null;
}

function buildFrameList() {
	if (frameList)
		return frameList;
	frameList = [];
	for (var g = framesGroup.firstElementChild; g; g = g.nextElementSibling) {
		var rect = firstChildNamed(g, "rect");
		if (!rect)
			continue;
		var text = firstChildNamed(g, "text");
		var title = firstChildNamed(g, "title");
		var record = {
			group: g,
			rect: rect,
			text: text,
			title: title ? title.textContent : "",
			xAttr: rect.getAttribute("x"),
			yAttr: rect.getAttribute("y"),
			widthAttr: rect.getAttribute("width"),
			fillAttr: rect.getAttribute("fill"),
			textXAttr: text ? text.getAttribute("x") : null,
			label: text ? text.textContent : "",
			moved: false,        // x, width or label differ from the markup
			state: "",           // "", "hide" or "parent": the zoom class it carries
			highlighted: false,  // filled with searchcolor
		};
		record.x = parseFloat(record.xAttr);
		record.y = parseFloat(record.yAttr);
		record.width = parseFloat(record.widthAttr);
		record.shownX = record.x;
		record.shownWidth = record.width;
		frameList.push(record);
		g._flameFrame = record;
	}
	return frameList;
}

function frameRecordOf(group) {
	buildFrameList();
	return group._flameFrame || null;
}

// The frame whose rect was written at x/y (the values a zoom URL holds).
function findFrameAt(x, y) {
	var list = buildFrameList();
	for (var i = 0; i < list.length; i++)
		if (list[i].xAttr === x && list[i].yAttr === y)
			return list[i];
	// Tolerate a URL whose numbers were written differently (e.g. "10" for "10.0").
	var fx = parseFloat(x), fy = parseFloat(y);
	for (var j = 0; j < list.length; j++)
		if (Math.abs(list[j].x - fx) < 0.001 && Math.abs(list[j].y - fy) < 0.001)
			return list[j];
	return null;
}

// Width available to frames: the drawing's width in user units minus the side padding.
function fullFrameWidth() {
	var box = svgRoot.viewBox && svgRoot.viewBox.baseVal;
	var width = box && box.width ? box.width : parseFloat(svgRoot.getAttribute("width"));
	return width - 2 * xpad;
}

// ---- labels ---------------------------------------------------------------------------------

// The frame's name: the title without its "(N samples, P%)" part.
function frameName(record) {
	if (record.label && !/\.\.$/.test(record.label))
		return record.label;
	return record.title.replace(/\s*\([^()]*\)$/, "").replace(/_\[[kwij]\]$/, "");
}

// The label that fits a frame of this width, at fontsize*fontwidth per character, as fg-svg does.
function fittedLabel(name, width) {
	var chars = Math.floor(width / (fontsize * fontwidth));
	if (chars < 3)
		return "";
	if (name.length <= chars)
		return name;
	return name.substring(0, chars - 2) + "..";
}

// Class changes restyle the frame: they are made only when the state really changes.
function setState(record, state) {
	if (record.state === state)
		return;
	if (record.state)
		record.group.classList.remove(record.state);
	if (state)
		record.group.classList.add(state);
	record.state = state;
}

function placeFrame(record, x, width) {
	record.moved = true;
	record.shownX = x;
	record.shownWidth = width;
	record.rect.setAttribute("x", roundCoordinate(x));
	record.rect.setAttribute("width", roundCoordinate(width));
	if (record.text) {
		record.text.setAttribute("x", roundCoordinate(x + 3));
		record.text.textContent = fittedLabel(frameName(record), width);
	}
}

// Only frames that were moved are touched: on big graphs most frames never move.
function restoreFrame(record) {
	record.shownX = record.x;
	record.shownWidth = record.width;
	if (!record.moved)
		return;
	record.moved = false;
	record.rect.setAttribute("x", record.xAttr);
	record.rect.setAttribute("width", record.widthAttr);
	if (record.text) {
		record.text.setAttribute("x", record.textXAttr);
		record.text.textContent = record.label;
	}
}

function roundCoordinate(v) {
	return String(Math.round(v * 1000) / 1000);
}

// ---- zoom -----------------------------------------------------------------------------------

// Containment is decided by midpoints: x and width are rounded separately in the markup, so
// the edges of a child and its parent may disagree by a fraction of a pixel.
function contains(outer, x) {
	return outer.x - 0.0001 <= x && x <= outer.x + outer.width + 0.0001;
}

function isAbove(record, target) {
	return inverted ? record.y < target.y : record.y > target.y;
}

function zoomTo(target) {
	if (!target)
		return;
	var list = buildFrameList();
	var full = fullFrameWidth();
	var hasAncestor = false;
	var targetMid = target.x + target.width / 2;
	for (var i = 0; i < list.length; i++)
		if (isAbove(list[i], target) && contains(list[i], targetMid)) {
			hasAncestor = true;
			break;
		}
	// Zooming to the root (a frame with no ancestor spanning the graph) is a reset.
	if (!hasAncestor && target.width >= full - 0.5) {
		resetZoom();
		return;
	}

	var ratio = full / target.width;
	for (var j = 0; j < list.length; j++) {
		var r = list[j];
		if (isAbove(r, target)) {
			if (contains(r, targetMid)) {
				setState(r, "parent");
				placeFrame(r, xpad, full);
			} else {
				setState(r, "hide");
				restoreFrame(r);
			}
		} else {
			if (contains(target, r.x + r.width / 2)) {
				setState(r, "");
				placeFrame(r, xpad + (r.x - target.x) * ratio, r.width * ratio);
			} else {
				setState(r, "hide");
				restoreFrame(r);
			}
		}
	}
	zoomedFrame = target;
	if (unzoomButton)
		unzoomButton.classList.remove("hide");
	var params = readUrlParams();
	params.x = target.xAttr;
	params.y = target.yAttr;
	writeUrlParams(params);
	refreshSearch();
}

function resetZoom() {
	if (frameList) {
		for (var i = 0; i < frameList.length; i++) {
			setState(frameList[i], "");
			restoreFrame(frameList[i]);
		}
	}
	zoomedFrame = null;
	if (unzoomButton)
		unzoomButton.classList.add("hide");
	var params = readUrlParams();
	delete params.x;
	delete params.y;
	writeUrlParams(params);
	refreshSearch();
}

// ---- details line ---------------------------------------------------------------------------

// The count in a title "name (1,234 samples, 12.34%)", or NaN.
function sampleCount(title) {
	var escaped = String(countname).replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&");
	var m = new RegExp("\\(([0-9][0-9,]*(?:\\.[0-9]*)?) " + escaped + ",[^()]*\\)$").exec(title);
	return m ? parseFloat(m[1].replace(/,/g, "")) : NaN;
}

// The title, plus the share of the zoomed frame when zoomed into a frame and hovering inside it.
function detailsFor(group) {
	// Unzoomed, the title is read directly: the first hover need not index a big graph.
	if (!zoomedFrame) {
		var titleElement = firstChildNamed(group, "title");
		return titleElement ? titleElement.textContent : "";
	}
	var record = frameRecordOf(group);
	var title = record ? record.title : "";
	if (!record || record.state !== "")
		return title;
	var part = sampleCount(title), whole = sampleCount(zoomedFrame.title);
	if (!(part >= 0) || !(whole > 0) || !/\)$/.test(title))
		return title;
	return title.substring(0, title.length - 1) + "; " + (100 * part / whole).toFixed(2) + "% of zoomed)";
}

// ---- search ---------------------------------------------------------------------------------

function searchButtonClicked() {
	if (searchTerm !== null) {
		clearSearch();
		return;
	}
	var term = prompt("Enter a search term (regexp allowed, eg: ^ext4_)" +
		(searchIgnoreCase ? ", ignoring case" : "") +
		"\nPress Ctrl-i to toggle case sensitivity", "");
	if (term !== null && term !== "")
		runSearch(term);
}

function toggleIgnoreCase() {
	searchIgnoreCase = !searchIgnoreCase;
	if (ignorecaseButton) {
		if (searchIgnoreCase)
			ignorecaseButton.classList.add("show");
		else
			ignorecaseButton.classList.remove("show");
	}
	refreshSearch();
}

function runSearch(term) {
	searchTerm = term;
	refreshSearch();
}

function clearSearch() {
	searchTerm = null;
	restoreFills();
	if (searchButton) {
		searchButton.classList.remove("show");
		searchButton.textContent = "Search";
	}
	if (matchedText) {
		matchedText.classList.add("hide");
		matchedText.textContent = " ";
	}
	var params = readUrlParams();
	delete params.s;
	writeUrlParams(params);
}

function highlight(record, on) {
	if (record.highlighted === on)
		return;
	record.highlighted = on;
	if (on)
		record.rect.setAttribute("fill", searchcolor);
	else if (record.fillAttr !== null)
		record.rect.setAttribute("fill", record.fillAttr);
	else
		record.rect.removeAttribute("fill");
}

function restoreFills() {
	if (!frameList)
		return;
	for (var i = 0; i < frameList.length; i++)
		highlight(frameList[i], false);
}

// Highlights the frames whose title matches the current term and shows the share of the
// visible graph they cover, counting nested matches once.
function refreshSearch() {
	if (searchTerm === null)
		return;
	if (searchButton) {
		searchButton.classList.add("show");
		searchButton.textContent = "Reset Search";
	}
	var re;
	try {
		re = new RegExp(searchTerm, searchIgnoreCase ? "i" : "");
	} catch (err) {
		restoreFills();
		showMatched("Matched: invalid regexp");
		return;
	}
	var list = buildFrameList();
	var matches = [];
	var widest = 0;
	for (var i = 0; i < list.length; i++) {
		var r = list[i];
		var matched = re.test(r.title);
		highlight(r, matched);
		if (r.state === "hide")
			continue;
		if (r.shownWidth > widest)
			widest = r.shownWidth;
		if (matched)
			matches.push({ x: r.shownX, width: r.shownWidth });
	}
	// Left to right, widest first at equal x: a match inside an earlier one adds nothing.
	matches.sort(function (a, b) { return a.x - b.x || b.width - a.width; });
	var covered = 0, end = -Infinity;
	for (var m = 0; m < matches.length; m++) {
		if (matches[m].x >= end - 0.0001) {
			covered += matches[m].width;
			end = matches[m].x + matches[m].width;
		}
	}
	var pct = widest > 0 ? 100 * covered / widest : 0;
	showMatched("Matched: " + (pct === 100 ? "100" : pct.toFixed(1)) + "%");
	var params = readUrlParams();
	params.s = searchTerm;
	writeUrlParams(params);
}

function showMatched(text) {
	if (!matchedText)
		return;
	matchedText.classList.remove("hide");
	matchedText.textContent = text;
}

// ---- URL state ------------------------------------------------------------------------------

// Query parameters decoded with decodeURIComponent ("+" stays "+": it is a regexp character).
function readUrlParams() {
	var params = {};
	var query = window.location.search.substring(1);
	if (!query)
		return params;
	var pairs = query.split("&");
	for (var i = 0; i < pairs.length; i++) {
		var eq = pairs[i].indexOf("=");
		if (eq <= 0 || eq === pairs[i].length - 1)
			continue;
		try {
			params[pairs[i].substring(0, eq)] = decodeURIComponent(pairs[i].substring(eq + 1));
		} catch (err) {
			// A malformed escape is ignored rather than breaking the page.
		}
	}
	return params;
}

// Replaces the query (no new history entry); with no parameters the query is dropped.
function writeUrlParams(params) {
	var parts = [];
	for (var key in params)
		if (Object.prototype.hasOwnProperty.call(params, key))
			parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(params[key]));
	var base = window.location.href.split("?")[0].split("#")[0];
	var url = parts.length ? "?" + parts.join("&") : base;
	try {
		history.replaceState(null, "", url);
	} catch (err) {
		// Some viewers refuse replaceState (e.g. sandboxed frames); the graph still works.
	}
}
