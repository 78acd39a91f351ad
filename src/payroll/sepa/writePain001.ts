import { ValidationError } from '../../errors/BaseError.js';
import { formatMinorUnits } from '../documents/formatMinorUnits.js';
import { isValidBic } from './isValidBic.js';
import { isValidIban, normalizeIban } from './isValidIban.js';
import { toSepaText } from './toSepaText.js';

/** The company account the salaries leave from. */
export type Pain001Debtor = {
  /** Any script; converted to the SEPA character set and cut to 70 characters. */
  name: string;
  iban: string;
  bic: string;
  /** ISO 3166-1 alpha-2 country of the company's address. */
  country: string;
  /** Up to two free address lines (street, town), converted and cut like the name. */
  addressLines?: readonly string[] | undefined;
};

/** One salary transfer: an employee's fiat share of the run. */
export type Pain001Line = {
  /** Unique in the file, ≤ 35 characters of the SEPA set; stable per run and employee (see `createEndToEndId`). */
  endToEndId: string;
  /** Integer euro cents, 1 to 99,999,999,999 (EUR 999,999,999.99, the SEPA maximum). */
  amountMinor: bigint;
  currency: 'EUR';
  creditor: {
    /** Any script; converted to the SEPA character set and cut to 70 characters. */
    name: string;
    iban: string;
    /** Optional in SEPA (IBAN-only); written as CdtrAgt when given. */
    bic?: string | undefined;
  };
  /** Unstructured remittance information, e.g. "Salary 2026-11"; converted and cut to 140 characters. */
  remittance: string;
};

export type Pain001Input = {
  /** GrpHdr/MsgId: ≤ 35 characters of the SEPA set, unique per file sent to the bank (see `createMessageId`). */
  messageId: string;
  /** PmtInf/PmtInfId; the message id when absent. */
  paymentInformationId?: string | undefined;
  /** GrpHdr/CreDtTm, written in UTC as `YYYY-MM-DDThh:mm:ss` (the 19-character form every bank accepts). */
  createdAt: Date;
  /** `YYYY-MM-DD`: the day the bank should debit the company account. */
  requestedExecutionDate: string;
  /** One debit for the whole batch on the company's statement (true, the default: salaries stay private) or one per line. */
  batchBooking?: boolean | undefined;
  debtor: Pain001Debtor;
  lines: readonly Pain001Line[];
};

const maxAmountMinor = 99_999_999_999n;
const sepaIdentifier = /^[A-Za-z0-9/\-?:().,'+ ]{1,35}$/;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Writes a pay run's fiat leg as an ISO 20022 `pain.001.001.03` SEPA credit-transfer file (one payment
 * information block of salary transfers, category and purpose SALA), valid against the schema the banks publish.
 * Amounts and control sums come from integer cents; names and texts are converted to the SEPA character set
 * (`toSepaText`). The output depends only on the input, so the same run always gives the same bytes.
 * Throws one ValidationError listing every bad field or line, and writes nothing, when the input breaks a rule.
 * @example writeFileSync('run.xml', writePain001({ messageId, createdAt, requestedExecutionDate: '2026-11-27', debtor, lines }))
 */
export function writePain001(input: Pain001Input): string {
  const problems: { field: string; message: string }[] = [];
  const check = (ok: boolean, field: string, message: string) => {
    if (!ok) problems.push({ field, message });
  };

  checkIdentifier(input.messageId, 'messageId', 'The message id', check);
  const paymentInformationId = input.paymentInformationId ?? input.messageId;
  checkIdentifier(paymentInformationId, 'paymentInformationId', 'The payment information id', check);
  check(
    input.createdAt instanceof Date && !Number.isNaN(input.createdAt.getTime()),
    'createdAt',
    'createdAt must be a valid date.',
  );
  check(
    isRealDate(input.requestedExecutionDate),
    'requestedExecutionDate',
    `The requested execution date must be a day as YYYY-MM-DD, not "${input.requestedExecutionDate}".`,
  );

  const debtor = input.debtor;
  const debtorIban = normalizeIban(debtor.iban);
  const debtorBic = debtor.bic.trim().toUpperCase();
  const debtorName = toSepaText(debtor.name, 70);
  check(debtorName.length > 0, 'debtor.name', 'The company name is empty.');
  check(isValidIban(debtorIban), 'debtor.iban', `The company IBAN "${debtor.iban}" is not a valid IBAN.`);
  check(isValidBic(debtorBic), 'debtor.bic', `The company BIC "${debtor.bic}" is not a valid BIC.`);
  check(
    /^[A-Z]{2}$/.test(debtor.country),
    'debtor.country',
    `The company country "${debtor.country}" is not an ISO 3166 alpha-2 code.`,
  );
  const addressLines = (debtor.addressLines ?? []).map((line) => toSepaText(line, 70)).filter(Boolean);
  check(addressLines.length <= 2, 'debtor.addressLines', 'SEPA allows at most two address lines.');

  check(input.lines.length > 0, 'lines', 'A SEPA file needs at least one transfer.');
  const seenEndToEndIds = new Map<string, number>();
  let controlSum = 0n;
  const transactions: string[] = [];
  input.lines.forEach((line, index) => {
    const at = `lines[${index}]`;
    const label = `Line ${index + 1}${typeof line.endToEndId === 'string' ? ` (${line.endToEndId})` : ''}`;
    checkIdentifier(line.endToEndId, `${at}.endToEndId`, `${label}: the EndToEndId`, check);
    const firstIndex = seenEndToEndIds.get(line.endToEndId);
    check(
      firstIndex === undefined,
      `${at}.endToEndId`,
      `${label}: the EndToEndId is also used by line ${(firstIndex ?? 0) + 1}.`,
    );
    if (firstIndex === undefined) seenEndToEndIds.set(line.endToEndId, index);
    check(
      line.currency === 'EUR',
      `${at}.currency`,
      `${label}: SEPA credit transfers are in EUR only, not ${line.currency}.`,
    );
    const amountOk =
      typeof line.amountMinor === 'bigint' && line.amountMinor > 0n && line.amountMinor <= maxAmountMinor;
    check(
      amountOk,
      `${at}.amountMinor`,
      `${label}: the amount must be whole cents from 0.01 to 999,999,999.99 EUR, not ${String(line.amountMinor)} cents.`,
    );
    const creditorName = toSepaText(line.creditor.name, 70);
    check(creditorName.length > 0, `${at}.creditor.name`, `${label}: the employee name is empty.`);
    const creditorIban = normalizeIban(line.creditor.iban);
    check(isValidIban(creditorIban), `${at}.creditor.iban`, `${label}: "${line.creditor.iban}" is not a valid IBAN.`);
    const creditorBic = line.creditor.bic?.trim().toUpperCase() || undefined;
    check(
      creditorBic === undefined || isValidBic(creditorBic),
      `${at}.creditor.bic`,
      `${label}: "${line.creditor.bic}" is not a valid BIC.`,
    );
    const remittance = toSepaText(line.remittance, 140);
    if (!amountOk) return;
    controlSum += line.amountMinor;
    transactions.push(
      [
        '      <CdtTrfTxInf>',
        `        <PmtId><EndToEndId>${escapeXml(line.endToEndId)}</EndToEndId></PmtId>`,
        `        <Amt><InstdAmt Ccy="EUR">${formatMinorUnits(line.amountMinor, 2)}</InstdAmt></Amt>`,
        ...(creditorBic ? [`        <CdtrAgt><FinInstnId><BIC>${creditorBic}</BIC></FinInstnId></CdtrAgt>`] : []),
        `        <Cdtr><Nm>${escapeXml(creditorName)}</Nm></Cdtr>`,
        `        <CdtrAcct><Id><IBAN>${escapeXml(creditorIban)}</IBAN></Id></CdtrAcct>`,
        '        <Purp><Cd>SALA</Cd></Purp>',
        ...(remittance ? [`        <RmtInf><Ustrd>${escapeXml(remittance)}</Ustrd></RmtInf>`] : []),
        '      </CdtTrfTxInf>',
      ].join('\n'),
    );
  });

  const first = problems[0];
  if (first)
    throw new ValidationError(first.message, {
      field: first.field,
      details:
        problems.length === 1
          ? undefined
          : `${problems.length} problems: ${problems.map((p) => `${p.field}: ${p.message}`).join(' ')}`,
    });

  const numberOfTransactions = String(input.lines.length);
  const controlSumText = formatMinorUnits(controlSum, 2);
  const debtorAddress = [
    `<Ctry>${debtor.country}</Ctry>`,
    ...addressLines.map((line) => `<AdrLine>${escapeXml(line)}</AdrLine>`),
  ].join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">',
    '  <CstmrCdtTrfInitn>',
    '    <GrpHdr>',
    `      <MsgId>${escapeXml(input.messageId)}</MsgId>`,
    `      <CreDtTm>${input.createdAt.toISOString().slice(0, 19)}</CreDtTm>`,
    `      <NbOfTxs>${numberOfTransactions}</NbOfTxs>`,
    `      <CtrlSum>${controlSumText}</CtrlSum>`,
    `      <InitgPty><Nm>${escapeXml(debtorName)}</Nm></InitgPty>`,
    '    </GrpHdr>',
    '    <PmtInf>',
    `      <PmtInfId>${escapeXml(paymentInformationId)}</PmtInfId>`,
    '      <PmtMtd>TRF</PmtMtd>',
    `      <BtchBookg>${input.batchBooking ?? true}</BtchBookg>`,
    `      <NbOfTxs>${numberOfTransactions}</NbOfTxs>`,
    `      <CtrlSum>${controlSumText}</CtrlSum>`,
    '      <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl><CtgyPurp><Cd>SALA</Cd></CtgyPurp></PmtTpInf>',
    `      <ReqdExctnDt>${input.requestedExecutionDate}</ReqdExctnDt>`,
    `      <Dbtr><Nm>${escapeXml(debtorName)}</Nm><PstlAdr>${debtorAddress}</PstlAdr></Dbtr>`,
    `      <DbtrAcct><Id><IBAN>${debtorIban}</IBAN></Id></DbtrAcct>`,
    `      <DbtrAgt><FinInstnId><BIC>${debtorBic}</BIC></FinInstnId></DbtrAgt>`,
    '      <ChrgBr>SLEV</ChrgBr>',
    ...transactions,
    '    </PmtInf>',
    '  </CstmrCdtTrfInitn>',
    '</Document>',
    '',
  ].join('\n');
}

// EPC rule for every reference and identifier: the SEPA character set, 1 to 35 characters, no '/' at either
// end and no '//' inside (banks use '/' to delimit structured references).
function checkIdentifier(
  value: unknown,
  field: string,
  label: string,
  check: (ok: boolean, field: string, message: string) => void,
) {
  const ok =
    typeof value === 'string' &&
    sepaIdentifier.test(value) &&
    value === value.trim() &&
    !value.startsWith('/') &&
    !value.endsWith('/') &&
    !value.includes('//');
  check(
    ok,
    field,
    `${label} "${String(value)}" must be 1 to 35 characters of A-Z a-z 0-9 / - ? : ( ) . , ' + and space, without '/' at either end or '//'.`,
  );
}

function isRealDate(value: string): boolean {
  const match = isoDate.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

// Element content only (no user text goes into attributes), so quotes stay as they are: "O'Brien", not "O&apos;Brien".
const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => xmlEntities[c]!);
}
