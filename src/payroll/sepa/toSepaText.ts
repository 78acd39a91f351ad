// The EPC's SEPA Credit Transfer rulebook lets every bank refuse anything outside the "Latin character set":
// a-z A-Z 0-9 / - ? : ( ) . , ' + and space. EPC217-08 (best practices for converting other characters) asks
// senders to convert rather than reject, so a name in any script still produces a file every bank accepts:
//   1. NFKD: compatibility forms become plain ones (full-width 'Ａ' → 'A', 'ﬁ' → 'fi', NBSP → space) and
//      accented letters split into a base letter and combining marks, which are dropped ('Zoë' → 'Zoe',
//      'Łódź' keeps 'Ł' until step 2, 'Ἀθῆναι' → 'Αθηναι').
//   2. Letters with no decomposition get a transliteration: ß → ss, æ → ae, ø → o, ł → l, þ → th …; Greek per
//      ELOT 743 and Cyrillic per ICAO Doc 9303 (the Latin spelling in the holder's passport).
//   3. Punctuation outside the set gets its nearest allowed sign (& → +, _ → -, " → ', [ → ( …).
//   4. Anything left (CJK, Arabic, Hebrew, emoji …) becomes '?', one per character, as EPC217-08 suggests for
//      characters that cannot be converted, so a reader at the bank sees that something was there.
// Runs of whitespace collapse to one space and the result is trimmed, then cut to the field's maximum length.

const allowed = /^[A-Za-z0-9/\-?:().,'+ ]$/;

const punctuationAndLetters: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŋ: 'n',
  Ŋ: 'N',
  ĸ: 'q',
  ŧ: 't',
  Ŧ: 'T',
  ƒ: 'f',
  '€': 'EUR',
  '&': '+',
  _: '-',
  '"': "'",
  '`': "'",
  '´': "'",
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': "'",
  '”': "'",
  '„': "'",
  '«': "'",
  '»': "'",
  '‹': "'",
  '›': "'",
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '−': '-',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  '<': '(',
  '>': ')',
  ';': ',',
  '!': '.',
  '\\': '/',
  '|': '/',
  '·': '.',
  '•': '.',
  '…': '...',
  '#': '-',
  '*': '.',
  '=': '-',
  '~': '-',
  '%': ' pct',
  '@': '(at)',
};

// ELOT 743 (ISO 843 type 2), lower case; diacritics are already gone after NFKD.
const greek: Record<string, string> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};

// ICAO Doc 9303 part 3, lower case (й and ё arrive as и and е after NFKD, which is what ICAO maps them to anyway).
const cyrillic: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ў: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  ђ: 'd',
  ј: 'j',
  љ: 'lj',
  њ: 'nj',
  ћ: 'c',
  џ: 'dz',
  ѓ: 'g',
  ќ: 'k',
  ѕ: 'dz',
};

const combiningMark = /\p{M}/u;
const whitespace = /\s/u;
const diaeresis = '\u0308';
const greekLetter = /^[\u0370-\u03ff]$/u;
// Before these (or at the end of a word) αυ, ευ, ηυ sound as af, ef, if; before anything else as av, ev, iv.
const greekVoiceless = /^[θκξπστφχψ]$/;

type Letter = { c: string; diaeresis: boolean };

/**
 * Converts free text (a name, remittance information) to the SEPA Latin character set, then cuts it to
 * `maxLength` characters; the conversion rules are described at the top of this file.
 * @example toSepaText('Zoë Ødegård & Søn', 70) // "Zoe Odegard + Son"
 */
export function toSepaText(text: string, maxLength: number): string {
  // Combining marks are dropped, but a Greek diaeresis is remembered: it splits a digraph ("Ευϊ", "Μαΐου").
  const letters: Letter[] = [];
  for (const c of text.normalize('NFKD')) {
    if (!combiningMark.test(c)) letters.push({ c, diaeresis: false });
    else if (c === diaeresis && letters.length > 0) letters[letters.length - 1]!.diaeresis = true;
  }
  let converted = '';
  for (let i = 0; i < letters.length; i++) {
    const c = letters[i]!.c;
    if (allowed.test(c)) converted += c;
    else if (whitespace.test(c)) converted += ' ';
    else if (c in punctuationAndLetters) converted += punctuationAndLetters[c];
    else if (greekLetter.test(c)) {
      const [latin, used] = transliterateGreek(letters, i);
      converted += latin;
      i += used - 1;
    } else converted += casedLike(cyrillic[c.toLowerCase()], c, letters[i - 1]?.c, letters[i + 1]?.c) ?? '?';
  }
  const collapsed = converted.replace(/ {2,}/g, ' ').trim();
  return collapsed.length <= maxLength ? collapsed : collapsed.slice(0, maxLength).trimEnd();
}

// ELOT 743's digraphs: ου → ou; αυ/ευ/ηυ → av/ev/iv or af/ef/if; γγ → ng, γκ/γξ/γχ → nk/nx/nch (g at a word's
// start); μπ → b and ντ → d at a word's start, mp and nt inside. Returns the Latin text and letters consumed.
function transliterateGreek(letters: Letter[], i: number): [string, number] {
  const letter = letters[i]!;
  const lower = letter.c.toLowerCase();
  const next = letters[i + 1];
  const nextLower = next?.c.toLowerCase();
  const atWordStart = i === 0 || !greekLetter.test(letters[i - 1]!.c);
  const pair = (latin: string): [string, number] => [
    casedLike(latin, letter.c, letters[i - 1]?.c, next?.c) ?? latin,
    2,
  ];
  if (next && !next.diaeresis && !letter.diaeresis) {
    if (lower === 'ο' && nextLower === 'υ') return pair('ou');
    if ((lower === 'α' || lower === 'ε' || lower === 'η') && nextLower === 'υ') {
      const after = letters[i + 2]?.c.toLowerCase();
      const voiceless = after === undefined || !greekLetter.test(letters[i + 2]!.c) || greekVoiceless.test(after);
      return pair(`${greek[lower]}${voiceless ? 'f' : 'v'}`);
    }
    if (lower === 'γ' && nextLower === 'γ') return pair('ng');
    if (lower === 'γ' && (nextLower === 'κ' || nextLower === 'ξ' || nextLower === 'χ'))
      return pair(`${atWordStart && nextLower === 'κ' ? '' : 'n'}${greek[nextLower]}`);
    if (lower === 'μ' && nextLower === 'π') return pair(atWordStart ? 'b' : 'mp');
    if (lower === 'ν' && nextLower === 'τ') return pair(atWordStart ? 'd' : 'nt');
  }
  return [casedLike(greek[lower], letter.c, letters[i - 1]?.c, next?.c) ?? '?', 1];
}

// An upper-case letter inside an upper-case word stays all upper ("ЩУКИН" → "SHCHUKIN"); otherwise only its
// first Latin letter is ("Щукин" → "Shchukin").
function casedLike(
  latin: string | undefined,
  original: string,
  previous: string | undefined,
  next: string | undefined,
): string | undefined {
  if (latin === undefined || latin.length === 0 || original === original.toLowerCase()) return latin;
  const isUpper = (neighbour: string | undefined) =>
    neighbour !== undefined && neighbour !== neighbour.toLowerCase() && neighbour === neighbour.toUpperCase();
  if (isUpper(next) || (!isLetter(next) && isUpper(previous))) return latin.toUpperCase();
  return latin[0]!.toUpperCase() + latin.slice(1);
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && c.toLowerCase() !== c.toUpperCase();
}

/** Whether `text` uses only the SEPA Latin character set (what `toSepaText` returns). */
export function isSepaText(text: string): boolean {
  return /^[A-Za-z0-9/\-?:().,'+ ]*$/.test(text);
}
