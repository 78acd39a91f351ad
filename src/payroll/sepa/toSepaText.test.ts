import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSepaText, toSepaText } from './toSepaText.js';

test('accents are stripped and letters without a decomposition are transliterated', () => {
  assert.equal(toSepaText('Zoë', 70), 'Zoe');
  assert.equal(toSepaText('José Muñoz-Çelik', 70), 'Jose Munoz-Celik');
  assert.equal(toSepaText('Jürgen Weiß', 70), 'Jurgen Weiss');
  assert.equal(toSepaText('Søren Ærø Łukasz Đorđević', 70), 'Soren AEro Lukasz Dordevic');
  assert.equal(toSepaText('Þórunn Œuvre', 70), 'THorunn OEuvre');
});

test('Greek follows ELOT 743 and Cyrillic follows ICAO 9303', () => {
  assert.equal(toSepaText('Γιώργος Παπαδόπουλος', 70), 'Giorgos Papadopoulos');
  assert.equal(toSepaText('ΧΑΡΑ', 70), 'CHARA');
  assert.equal(toSepaText('Юрий Щукин', 70), 'Iurii Shchukin');
  assert.equal(toSepaText('ЩУКИН', 70), 'SHCHUKIN');
  assert.equal(toSepaText('Олександр Ґудзь', 70), 'Oleksandr Gudz');
});

test('scripts with no Latin transliteration become one ? per character', () => {
  assert.equal(toSepaText('王小明', 70), '???');
  assert.equal(toSepaText('Mei 王', 70), 'Mei ?');
  assert.equal(toSepaText('محمد', 70), '????');
  assert.equal(toSepaText('😀 Ann', 70), '? Ann');
});

test('punctuation outside the set gets its nearest allowed sign; XML specials never survive', () => {
  assert.equal(toSepaText('Smith & Sons <Ltd> "quoted" a_b; c!', 140), "Smith + Sons (Ltd) 'quoted' a-b, c.");
  assert.equal(toSepaText("O'Brien", 70), "O'Brien");
  assert.equal(toSepaText('Ｆｕｌｌ\u00a0width\tﬁne', 70), 'Full width fine');
});

test('whitespace collapses and the result is cut to the maximum without a trailing space', () => {
  assert.equal(toSepaText('  Ann   Lee \n', 70), 'Ann Lee');
  const cut = toSepaText(`${'a'.repeat(69)} bcd`, 70);
  assert.equal(cut, 'a'.repeat(69));
  assert.equal(toSepaText('ß'.repeat(50), 70).length, 70);
  assert.equal(toSepaText('', 70), '');
});

test('whatever the input, the output is in the SEPA set and within the length', () => {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const ranges = [
    [0x20, 0x7e],
    [0xa0, 0x24f],
    [0x370, 0x4ff],
    [0x600, 0x6ff],
    [0x4e00, 0x9fff],
    [0x1f600, 0x1f64f],
  ] as const;
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const length = Math.floor(random() * 100);
    for (let j = 0; j < length; j++) {
      const [from, to] = ranges[Math.floor(random() * ranges.length)]!;
      text += String.fromCodePoint(from + Math.floor(random() * (to - from + 1)));
    }
    const converted = toSepaText(text, 70);
    assert.ok(isSepaText(converted), `${JSON.stringify(text)} → ${JSON.stringify(converted)}`);
    assert.ok(converted.length <= 70);
    assert.equal(converted, converted.trim());
  }
});

test('Greek digraphs follow ELOT 743 and a diaeresis splits them', () => {
  assert.equal(toSepaText('Ευάγγελος Μπακογιάννης', 70), 'Evangelos Bakogiannis');
  assert.equal(toSepaText('Αύγουστος Ντόρας', 70), 'Avgoustos Doras');
  assert.equal(toSepaText('Ευθυμίου', 70), 'Efthymiou');
  assert.equal(toSepaText('Κοντός Λάμπρος', 70), 'Kontos Lampros');
  assert.equal(toSepaText('Μαΐου', 70), 'Maiou');
  assert.equal(toSepaText('ΟΥΡΑΝΙΑ', 70), 'OURANIA');
});
