/**
 * QR codes: show text as a QR code on a canvas (qrcode-generator), and read one back from a photo or
 * screenshot (jsQR). Text goes in as UTF-8 bytes, so any request or response fits as long as it is
 * short enough for one QR code (2,953 bytes at error correction level L).
 */
import { ElicenseError } from '@elicense/core';
import qrcode from 'qrcode-generator';
import jsQR from 'jsqr';
import { el } from './dom.js';

const QUIET_ZONE = 4; // modules of white around the code, as scanners expect
const TARGET_PX = 480;

/** The QR code of `text` on a canvas, or a note when the text is too long for one QR code. */
export function renderQr(text: string, testid: string): HTMLElement {
  const qr = qrcode(0, 'L');
  qr.addData(String.fromCharCode(...new TextEncoder().encode(text)), 'Byte'); // one char per UTF-8 byte
  try {
    qr.make();
  } catch {
    return el('p', { class: 'hint', 'data-testid': testid }, `Too long for a QR code (${text.length} characters): copy the text instead.`);
  }
  const modules = qr.getModuleCount();
  const size = modules + 2 * QUIET_ZONE;
  const cell = Math.max(2, Math.floor(TARGET_PX / size));
  const canvas = el('canvas', { width: String(size * cell), height: String(size * cell), 'data-testid': testid, class: 'qr' });
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (qr.isDark(row, col)) ctx.fillRect((col + QUIET_ZONE) * cell, (row + QUIET_ZONE) * cell, cell, cell);
    }
  }
  return canvas;
}

/** The text of the QR code in pixels (RGBA, as `getImageData` returns them), or `undefined`. */
export function decodeQr(image: ImageData): string | undefined {
  const found = jsQR.default(image.data, image.width, image.height);
  if (found === null) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(found.binaryData));
  } catch {
    return found.data;
  }
}

/** Read the QR code in an image file (a photo or a screenshot). `ERR_TOKEN_MALFORMED` when there is none. */
export async function readQrFromImage(file: Blob): Promise<string> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (cause) {
    throw new ElicenseError('ERR_TOKEN_MALFORMED', 'this file is not an image the browser can read', { cause });
  }
  const canvas = el('canvas', { width: String(bitmap.width), height: String(bitmap.height) });
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const text = decodeQr(ctx.getImageData(0, 0, canvas.width, canvas.height));
  if (text === undefined) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'no readable QR code in this image: try a sharper, closer picture');
  return text;
}
