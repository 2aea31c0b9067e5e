// Directory map: the points of the current results, rendered by Leaflet (loaded from static files).
(function () {
  "use strict";
  var element = document.getElementById("directory-map");
  var data = document.getElementById("directory-map-points");
  if (!element || !data || typeof L === "undefined") {
    return;
  }
  var points = JSON.parse(data.textContent);
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
  var bounds = [];
  // Nearby organisations gather in one numbered marker that opens on click (Leaflet.markercluster,
  // served with the site): hundreds of pins on Brest and Rennes become readable.
  var layer = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup({ showCoverageOnHover: false }) : map;
  points.forEach(function (point) {
    var marker = L.marker([point.lat, point.lng], { title: point.name, alt: point.name }).addTo(layer);
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    var popup = document.createElement("div");
    popup.appendChild(link);
    if (point.city) {
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(point.city));
    }
    marker.bindPopup(popup);
    bounds.push([point.lat, point.lng]);
  });
  if (layer !== map) {
    map.addLayer(layer);
  }
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
  } else {
    map.setView([48.2, -2.9], 7);
  }
})();

// Organisation page: one marker.
(function () {
  "use strict";
  var element = document.getElementById("organisation-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var position = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
  var map = L.map(element, { scrollWheelZoom: false }).setView(position, 13);
  L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
  L.marker(position, { title: element.dataset.name, alt: element.dataset.name }).addTo(map);
})();
