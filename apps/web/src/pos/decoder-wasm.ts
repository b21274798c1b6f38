import { BarcodeDetector, prepareZXingModule, type BarcodeFormat } from "barcode-detector/ponyfill";

/**
 * ZXing's reader WebAssembly (zxing-wasm, the version barcode-detector pins), emitted by the
 * build as a static file of this app: zxing-wasm would otherwise fetch it from a CDN, which a
 * shop's till cannot reach offline. The service worker precaches it with the build's other
 * static files (src/app/serwist/[path]/route.ts).
 */
const wasmUrl = new URL("zxing-wasm/reader/zxing_reader.wasm", import.meta.url).href;

/**
 * The barcode-detector polyfill reading `formats`, its WebAssembly loaded from this app and
 * instantiated before it resolves (so a missing file rejects here, not on the first frame).
 */
export async function wasmDetector(formats: readonly BarcodeFormat[]): Promise<BarcodeDetector> {
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: [...formats] });
}
