"use client";

import { ScanBarcode } from "lucide-react";
import { useState } from "react";

import { Button } from "~/components/ui/button";

import { lazyDialog } from "~/components/app/lazy-dialog";

// The dialog, the camera and the decoder are not part of the till's first load (lazy-dialog.tsx).
const CameraDialog = lazyDialog(
  () => import("./camera-dialog").then((module) => module.CameraDialog),
  (props) => props.open,
);

/**
 * "Scan with camera" on the till (DESIGN.md §9): a dialog with the live rear camera that reads
 * one barcode, hands its digits to `onCode` and closes (and so stops the camera). One code per
 * opening: what the code adds may ask for more (a price, a new product), and the item still in
 * front of the camera must not be added twice. Offline too: the decoder is precached.
 */
export function CameraScanner({ onCode }: { onCode: (code: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {/* The words only where the products column has room for them beside the search box. */}
      <Button variant="outline" className="h-12 text-base" aria-label="Scan with camera" onClick={() => setOpen(true)}>
        <ScanBarcode /> <span className="hidden xl:inline">Scan with camera</span>
      </Button>
      <CameraDialog
        open={open}
        onOpenChange={setOpen}
        onCode={(code) => {
          setOpen(false);
          onCode(code);
        }}
      />
    </>
  );
}
