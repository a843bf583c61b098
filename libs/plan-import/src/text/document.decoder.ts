/** Raised when bytes are not a text document (a binary file, an image, a PDF). */
export class UnreadableDocumentError extends Error {
  override readonly name = 'UnreadableDocumentError';
}

/**
 * Text of a document file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK as
 * Chinese government sites still publish. Throws UnreadableDocumentError on binary content.
 */
export function decodeDocument(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      try {
        text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      } catch {
        throw new UnreadableDocumentError('not a text document: neither UTF-8, UTF-16 nor GB18030');
      }
    }
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) control++;
  }
  if (control > 0 && control > text.length / 100) {
    throw new UnreadableDocumentError('not a text document: it holds binary data');
  }
  return text.replace(/^\uFEFF/, '');
}
