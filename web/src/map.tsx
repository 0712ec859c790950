// The city map (Leaflet, loaded only when a page shows a map, so the first load stays small).
// Tiles come from the configured server; when they fail to load the page says so and the
// resident types the address instead: nothing on the portal needs the map.

import type * as Leaflet from "leaflet";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Portal } from "./api";
import { t, type Language } from "./i18n";

export interface Point {
  lat: number;
  lon: number;
}

export interface Marker extends Point {
  label: string;
  href: string;
}

interface Props {
  portal: Portal;
  language: Language;
  label: string;
  pin?: Point | null; // The resident's pin, when the map places one.
  onPin?: (point: Point) => void;
  markers?: Marker[];
  onOpen?: (href: string) => void;
}

const kBrand = "#0b4f8a";

export function CityMap({ portal, language, label, pin, onPin, markers, onOpen }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<Leaflet.Map | null>(null);
  const leaflet = useRef<typeof Leaflet | null>(null);
  const pinLayer = useRef<Leaflet.CircleMarker | null>(null);
  const markerLayer = useRef<Leaflet.LayerGroup | null>(null);
  const [ready, setReady] = useState(false);
  const [tilesFailed, setTilesFailed] = useState(portal.tile_url === "");
  const placed = useRef(onPin);
  placed.current = onPin;

  useEffect(() => {
    let gone = false;
    Promise.all([import("leaflet"), import("leaflet/dist/leaflet.css")]).then(([L]) => {
      if (gone || !element.current) return;
      leaflet.current = L;
      const m = L.map(element.current, { zoomControl: true }).setView(portal.center, 13);
      if (portal.bounds) {
        const b = portal.bounds;
        m.setMaxBounds(L.latLngBounds([b.south - 0.05, b.west - 0.05], [b.north + 0.05, b.east + 0.05]));
      }
      if (portal.tile_url !== "") {
        L.tileLayer(portal.tile_url, { attribution: portal.tile_attribution, maxZoom: 19 })
          .on("tileerror", () => setTilesFailed(true))
          .addTo(m);
      }
      m.on("click", (e: Leaflet.LeafletMouseEvent) => placed.current?.({ lat: e.latlng.lat, lon: e.latlng.lng }));
      markerLayer.current = L.layerGroup().addTo(m);
      map.current = m;
      setReady(true);
    });
    return () => {
      gone = true;
      map.current?.remove();
      map.current = null;
    };
  }, [portal]);

  useEffect(() => {
    const L = leaflet.current;
    const m = map.current;
    if (!L || !m) return;
    pinLayer.current?.remove();
    pinLayer.current = null;
    if (pin) {
      pinLayer.current = L.circleMarker([pin.lat, pin.lon], {
        radius: 11,
        color: "#ffffff",
        weight: 3,
        fillColor: kBrand,
        fillOpacity: 1,
      }).addTo(m);
      if (!m.getBounds().contains([pin.lat, pin.lon])) m.panTo([pin.lat, pin.lon]);
    }
  }, [pin, ready]);

  useEffect(() => {
    const L = leaflet.current;
    const layer = markerLayer.current;
    if (!L || !layer) return;
    layer.clearLayers();
    for (const marker of markers ?? []) {
      // Text as DOM nodes, never as HTML: descriptions come from residents.
      const link = document.createElement("a");
      link.href = marker.href;
      link.textContent = marker.label;
      link.addEventListener("click", (e) => {
        if (onOpen) {
          e.preventDefault();
          onOpen(marker.href);
        }
      });
      L.circleMarker([marker.lat, marker.lon], { radius: 7, color: kBrand, weight: 2, fillOpacity: 0.6 })
        .bindPopup(link)
        .addTo(layer);
    }
  }, [markers, ready]);

  return (
    <div class="map-wrap">
      <div ref={element} class="map" role="region" aria-label={label} tabIndex={0} />
      {onPin && (
        <button
          type="button"
          class="secondary"
          disabled={!ready}
          onClick={() => {
            const c = map.current?.getCenter();
            if (c) onPin({ lat: c.lat, lon: c.lng });
          }}
        >
          {t("pinCenter", language)}
        </button>
      )}
      {tilesFailed && (
        <p class="hint" role="status">
          {t(onPin ? "tilesFailed" : "tilesFailedList", language)}
        </p>
      )}
    </div>
  );
}
