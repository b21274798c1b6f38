import type { BarcodeDetector, BarcodeFormat } from "barcode-detector/ponyfill";

/**
 * The symbologies on shop goods, as the Barcode Detection API names them: EAN-13, EAN-8, UPC-A
 * and UPC-E on retail packs (GS1 General Specifications §5.2), Code 128 on shelf and in-house
 * labels. The first four plus Code 128 are required of a native detector (DESIGN.md §9).
 */
export const SCAN_FORMATS = ["ean_13", "ean_8", "upc_a", "upc_e", "code_128"] as const satisfies readonly BarcodeFormat[];
const REQUIRED: readonly BarcodeFormat[] = ["ean_13", "ean_8", "upc_a", "code_128"];

/** A barcode reader for camera frames. */
export interface BarcodeDecoder {
  /** "native": the browser's own BarcodeDetector; "wasm": ZXing's WebAssembly build, served and precached by this app. */
  engine: "native" | "wasm";
  /** The codes readable in the video's current frame (digits as printed under the bars), possibly none. */
  detect(video: HTMLVideoElement): Promise<string[]>;
}

type DetectorClass = typeof BarcodeDetector;

/**
 * The browser's BarcodeDetector when it reads the required formats, else the barcode-detector
 * polyfill on ZXing-C++ WebAssembly (DESIGN.md §9). The WebAssembly path is a separate chunk
 * (decoder-wasm.ts) loaded on the first call, i.e. when the camera is opened, never with /pos.
 * Rejects when the decoder cannot be loaded (e.g. a build whose files are not cached, offline).
 */
export async function openDecoder(): Promise<BarcodeDecoder> {
  const native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (native) {
    // Chrome on desktop Linux and Windows defines the class but reads nothing: ask what it reads.
    const supported = await native.getSupportedFormats().catch((): readonly BarcodeFormat[] => []);
    if (REQUIRED.every((format) => supported.includes(format))) {
      return reader("native", new native({ formats: SCAN_FORMATS.filter((format) => supported.includes(format)) }));
    }
  }
  const { wasmDetector } = await import("./decoder-wasm");
  return reader("wasm", await wasmDetector(SCAN_FORMATS));
}

function reader(engine: BarcodeDecoder["engine"], detector: BarcodeDetector): BarcodeDecoder {
  return { engine, detect: async (video) => (await detector.detect(video)).map((barcode) => barcode.rawValue) };
}
