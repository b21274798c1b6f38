import type { MetadataRoute } from "next";

/**
 * The web app manifest (issue 21): the till installs on a tablet's or phone's home screen
 * and opens full screen at /pos, which the service worker opens offline. Icons are drawn
 * from src/app/icon.svg by scripts/make-icons.mjs.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/pos",
    name: "Tillsync",
    short_name: "Tillsync",
    description: "Offline-first sales and stock for small shops.",
    start_url: "/pos",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#11694f",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
