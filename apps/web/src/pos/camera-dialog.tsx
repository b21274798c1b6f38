"use client";

import { CameraOff } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";

import { openDecoder, type BarcodeDecoder } from "./decoder";

/** How often a frame is decoded: quick enough to feel instant, light enough for a till tablet. */
const SCAN_INTERVAL_MS = 200;

/**
 * camera-scanner.tsx's dialog, loaded when it first opens (or in idle time after the till
 * shows): the camera runs only while it is open, and `onCode` gets the first code read.
 */
export function CameraDialog({ open, onOpenChange, onCode }: { open: boolean; onOpenChange: (open: boolean) => void; onCode: (code: string) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>{open ? <CameraView onCode={onCode} /> : null}</DialogContent>
    </Dialog>
  );
}

/** What went wrong, in the words a cashier needs to fix it or carry on. */
function problemOf(error: unknown): string {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "The browser is not allowed to use the camera. Allow the camera for this till (the camera icon in the address bar), then try again.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError")
    return "This device has no camera. Scan with a barcode scanner or search by name or SKU instead.";
  if (name === "NotReadableError" || name === "AbortError") return "The camera is busy or did not start. Close any other app using it, then try again.";
  return "The camera could not start. Try again, or scan with a barcode scanner or search by name or SKU instead.";
}

const DECODER_MISSING =
  "The barcode reader is not on this till yet: open the till once with a network so it can keep a copy, then try again. Meanwhile, search by name or SKU.";

function CameraView({ onCode }: { onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [engine, setEngine] = useState<BarcodeDecoder["engine"] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The latest onCode without restarting the camera when the parent re-renders.
  const report = useRef(onCode);
  useEffect(() => {
    report.current = onCode;
  });

  useEffect(() => {
    let closed = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => stream?.getTracks().forEach((track) => track.stop());

    async function start() {
      // Absent outside a secure context (http from a name other than localhost).
      if (!navigator.mediaDevices?.getUserMedia) {
        setProblem("This till is not on a secure (https) address, so the browser offers no camera here. Scan with a barcode scanner or search instead.");
        return;
      }
      // The camera and the decoder start together; the decoder is fetched only now (lazy).
      const [camera, decoder] = await Promise.allSettled([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false }),
        openDecoder(),
      ]);
      if (camera.status === "fulfilled") stream = camera.value;
      if (closed) return stop();
      if (camera.status === "rejected") return setProblem(problemOf(camera.reason));
      if (decoder.status === "rejected") {
        stop();
        return setProblem(DECODER_MISSING);
      }
      const element = video.current;
      if (!element) return stop();
      element.srcObject = camera.value;
      await element.play().catch(() => undefined);
      setEngine(decoder.value.engine);
      scan(element, decoder.value);
    }

    // One frame at a time: the next is read SCAN_INTERVAL_MS after the last read finished.
    function scan(element: HTMLVideoElement, decoder: BarcodeDecoder) {
      timer = setTimeout(() => void read(element, decoder), SCAN_INTERVAL_MS);
    }

    async function read(element: HTMLVideoElement, decoder: BarcodeDecoder) {
      const codes = element.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA ? await decoder.detect(element).catch(() => []) : [];
      if (closed) return;
      const code = codes[0];
      if (code === undefined) return scan(element, decoder);
      navigator.vibrate?.(80);
      report.current(code);
    }

    void start();
    return () => {
      closed = true;
      clearTimeout(timer);
      stop();
    };
  }, []);

  return (
    <div className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Scan with camera</DialogTitle>
        <DialogDescription>Hold the barcode in front of the camera, flat and filling the frame; it is added as soon as it is read.</DialogDescription>
      </DialogHeader>
      {problem ? (
        <p role="alert" className="flex items-start gap-2 rounded-md bg-warning/10 p-3 text-sm">
          <CameraOff className="mt-0.5 size-4 shrink-0" />
          <span>{problem}</span>
        </p>
      ) : (
        <>
          <video ref={video} muted playsInline aria-label="Camera" className="aspect-video w-full rounded-md bg-black object-cover" />
          <p role="status" className="text-sm text-muted-foreground">
            {engine ? "Looking for a barcode…" : "Starting the camera…"}
          </p>
        </>
      )}
    </div>
  );
}
