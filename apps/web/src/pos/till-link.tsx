import Link from "next/link";
import type { ComponentProps } from "react";

/**
 * next/link for the till's links out (to the back office, to sign-in), without prefetching:
 * Next prefetches a link in view, and the route it prefetches brings its own JavaScript
 * (the back office's shell, ~23 KiB gzipped), which the till downloads and parses on every
 * open for a page the cashier rarely visits (issue 21: /pos first-load JS). A click still
 * goes there as fast as an ordinary page load.
 */
export default function TillLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
