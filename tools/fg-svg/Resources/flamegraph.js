// Interactive behaviour of the flame graph (zoom, search, details line).
// Placeholder: the full script replaces this file; the SVG calls init(evt) on load.
function init(evt) {}
