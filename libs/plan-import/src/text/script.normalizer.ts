/**
 * A simplified-character "shadow" of a text, the same length as the text, so that keyword
 * matching is written once (in simplified characters) while the output keeps the document's
 * own characters: an index found in the shadow is an index in the original.
 */

interface OpenccT2cn {
  Converter(options: { from: string; to: string }): (text: string) => string;
}

/** Frequent traditional-only characters: one of them is enough to load the converter. */
const TRADITIONAL_HINTS = new Set(
  '們個來時為對說會與這國過發後學樣應當經長開關進區縣業單責務項達萬億際統產設備總實現導體議術權農層將' +
    '積極構織組規劃據資專態勢環選擇價營運輸辦標準證處協調聯職負擔館藝視聽頻廣電廳鄉鎮員兩餘於條場號類別內' +
    '說範圍報質優點線網絡腦機軟數庫強擴寬簡單複雜銷售購貸額費稅財記錄圖書獎勵檢查監審計貿園團隊帶領輪氣溫節約熱' +
    '響傳衛醫療藥護養殖飼鏈驗測試則製師資訓練習參預算決舉黨紀幹門關係勞動識議義獲詳細順訊語讀寫聲紅藍綠黃銀鐵' +
    '鋼錢鐘錯閉問題間陽陰陸險隨隱雙難雲靈頁須頭顏風飛駐騎鬥魚鳥鹽麥齊龍爭確蓋擬啟動倉儲稱貫徹圍繞壩築攜舉辦' +
    '創興級東華蘇廠廢歷壓縮續紡織魯貢獻貴賽輕遠遞適鄰醬鑒鎖閱隸雞頒顯館驅髮鬧鴻鵬麗齡',
);

let converter: ((text: string) => string) | null = null;
const charCache = new Map<string, string>();

function loadConverter(): (text: string) => string {
  if (converter === null) {
    // Loaded on first traditional text only: the dictionary costs about 20 ms to build.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const opencc = require('opencc-js/t2cn') as OpenccT2cn;
    converter = opencc.Converter({ from: 't', to: 'cn' });
  }
  return converter;
}

/** True when the text holds at least one common traditional-only character. */
export function looksTraditional(text: string): boolean {
  for (const char of text) {
    if (TRADITIONAL_HINTS.has(char)) return true;
  }
  return false;
}

/**
 * The text with traditional characters replaced by simplified ones, character for character.
 * Returns the text itself when it holds no traditional characters.
 */
export function toSimplifiedShadow(text: string): string {
  if (!looksTraditional(text)) return text;
  const convert = loadConverter();
  const whole = convert(text);
  if (whole.length === text.length) return whole;
  // Phrase conversion changed the length somewhere: fall back to one character at a time.
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    let mapped = charCache.get(char);
    if (mapped === undefined) {
      const converted = convert(char);
      mapped = converted.length === 1 ? converted : char;
      charCache.set(char, mapped);
    }
    out += mapped;
  }
  return out;
}

/** A comparison key for names: simplified characters, no whitespace. */
export function comparisonKey(text: string): string {
  return toSimplifiedShadow(text.replace(/\s+/g, ''));
}
