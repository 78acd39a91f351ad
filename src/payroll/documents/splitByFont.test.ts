import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPdfFonts } from './loadPdfFonts.js';
import { splitByFont } from './splitByFont.js';

// CI installs the font packages (.ci/run), so there a missing font fails these tests instead of skipping them.
const fonts = loadPdfFonts();
const skipUnicode =
  fonts.unicode || process.env.CI ? false : 'DejaVu Sans is not installed (Debian package fonts-dejavu-core)';
const skipCjk =
  fonts.fallbacks.length > 0 || process.env.CI ? false : 'no CJK font is installed (Debian package fonts-wqy-microhei)';
const texts = (runs: { font: { name: string }; text: string }[]) => runs.map((run) => [run.font.name, run.text]);

test('Latin, Greek and Cyrillic text is one run of the regular font', { skip: skipUnicode }, () => {
  assert.deepEqual(texts(splitByFont('Zoë Γιώργος Юрий', fonts.regular, fonts.fallbacks)), [
    ['Body', 'Zoë Γιώργος Юрий'],
  ]);
  // Decomposed input is composed first, so the accent is not a glyph of its own.
  assert.deepEqual(texts(splitByFont('Zoe\u0308', fonts.regular, fonts.fallbacks)), [['Body', 'Zoë']]);
});

test('CJK characters go to the fallback font, spaces stay with their run', { skip: skipCjk || skipUnicode }, () => {
  assert.deepEqual(texts(splitByFont('Mei 王小明 (김민준)', fonts.regular, fonts.fallbacks)), [
    ['Body', 'Mei '],
    ['Fallback-0', '王小明 '],
    ['Body', '('],
    ['Fallback-0', '김민준'],
    ['Body', ')'],
  ]);
});

test('right-to-left words are drawn in reverse order, one run each', { skip: skipUnicode }, () => {
  assert.deepEqual(texts(splitByFont('محمد علي', fonts.regular, fonts.fallbacks)), [
    ['Body', 'علي'],
    ['Body', ' '],
    ['Body', 'محمد'],
  ]);
  assert.deepEqual(texts(splitByFont('ID 7: שלום עולם!', fonts.regular, fonts.fallbacks)), [
    ['Body', 'ID 7: '],
    ['Body', 'עולם!'],
    ['Body', ' '],
    ['Body', 'שלום'],
  ]);
});

test('without Unicode fonts, Helvetica shows Western European text and the rest is transliterated', () => {
  const helvetica = loadPdfFonts({ regularFile: '/nonexistent/regular.ttf', fallbackFiles: [] });
  assert.equal(helvetica.unicode, false);
  const line = (text: string) =>
    splitByFont(text, helvetica.regular, helvetica.fallbacks)
      .map((run) => run.text)
      .join('');
  assert.equal(line('Zoë Dubois-Lefèvre – 1,000 €'), 'Zoë Dubois-Lefèvre – 1,000 €');
  assert.equal(line('Γιώργος Παπαδόπουλος'), 'Giorgos Papadopoulos');
  assert.equal(line('Łukasz Юрий'), 'Lukasz Iurii');
  assert.equal(line('王小明'), '???');
});
