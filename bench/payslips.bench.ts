import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { examplePayslipView } from '../src/payroll/documents/fixtures/examplePayslipView.js';
import type { PayslipView } from '../src/payroll/documents/PayslipView.js';
import { renderPayslips } from '../src/payroll/documents/renderPayslips.js';
import type { BenchFigure, Benchmark } from './Benchmark.js';

// Payslip PDFs for a 1,000-employee pay run, written to a temp folder by renderPayslips: on worker threads (one
// per core, the default) and on the calling thread alone. Names mix scripts the way an EU company's might:
// mostly Latin with accents, some Greek, Cyrillic, Chinese, Japanese, Korean and Arabic, so the fallback fonts
// are embedded in their share of the files.
const payslips = Number(process.env.PAYSLIP_BENCH_COUNT ?? 1_000);
const aimSeconds = 30;
const names = [
  'Zoë Dubois-Lefèvre',
  'Jürgen Weiß',
  'Søren Ødegård',
  'María José Muñoz',
  'Łukasz Wiśniewski',
  'Anna Svensson',
  'Γιώργος Παπαδόπουλος',
  'Юрий Щукин',
  '王小明',
  '田中 太郎',
  '김민준',
  'محمد علي',
  'Ciarán O’Brien',
  'Nguyễn Văn An',
  'Emma Johansson',
  'Luca Rossi',
];

function views(): PayslipView[] {
  return Array.from({ length: payslips }, (_, i) => {
    const employeeId = `E-${String(i).padStart(4, '0')}`;
    return examplePayslipView({
      payslipId: `2026-11-${employeeId}`,
      employee: {
        id: employeeId,
        name: `${names[i % names.length]} ${i}`,
        email: `employee${i}@example.com`,
        addressLines: ['Schönhauser Allee 12', '10435 Berlin'],
      },
    });
  });
}

async function measure(concurrency: number | undefined) {
  const outDir = mkdtempSync(join(tmpdir(), 'tandem-payslips-bench-'));
  try {
    const input = views();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { files } = await renderPayslips(input, outDir, concurrency === undefined ? {} : { concurrency });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (files.length !== payslips || readdirSync(outDir).length !== payslips)
      throw new Error(`Expected ${payslips} payslips, found ${readdirSync(outDir).length}.`);
    const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
    return { seconds, cpuSeconds, meanKb: bytes / files.length / 1024 };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const benchmark: Benchmark = async () => {
  const loadBefore = loadavg()[0]!;
  const parallel = await measure(undefined);
  const single = await measure(1);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const figures: BenchFigure[] = [
    {
      metric: `${payslips.toLocaleString('en-US')} payslips, ${availableParallelism()} worker threads`,
      value: parallel.seconds,
      unit: 's',
      reference: `aim ≤ ${aimSeconds} s for 1,000`,
      ratio: parallel.seconds / aimSeconds,
      meetsAim: parallel.seconds <= aimSeconds,
    },
    { metric: 'payslips per second, worker threads', value: payslips / parallel.seconds, unit: 'payslips/s' },
    {
      metric: `${payslips.toLocaleString('en-US')} payslips, calling thread only`,
      value: single.seconds,
      unit: 's',
    },
    { metric: 'time per payslip, calling thread only', value: (single.seconds * 1000) / payslips, unit: 'ms' },
    {
      // CPU time does not grow when other work shares the machine, so it compares across runs.
      metric: 'CPU time per payslip (all threads of the process), calling thread only',
      value: (single.cpuSeconds * 1000) / payslips,
      unit: 'ms',
    },
    {
      metric: 'CPU time per payslip (all threads of the process), worker threads',
      value: (parallel.cpuSeconds * 1000) / payslips,
      unit: 'ms',
    },
    { metric: 'mean payslip size', value: parallel.meanKb, unit: 'KiB' },
    { metric: 'peak RSS of the bench process (both runs)', value: peakRssMb, unit: 'MiB' },
  ];
  return {
    name: 'payslips',
    title: 'Payroll documents: payslip PDFs for a 1,000-employee pay run',
    figures,
    notes: [
      `${payslips.toLocaleString('en-US')} A4 payslips (gross, 6 deductions, net, a 3-way EUR/USDC/ETH split, 2 crypto payouts`,
      'with rate, source, round, time and transaction hash) rendered by renderPayslips with pdfkit and written to a temp',
      'folder, each under a temporary name and renamed. Names cycle through 16 in Latin, Greek, Cyrillic, Chinese,',
      'Japanese, Korean and Arabic scripts, so DejaVu Sans (regular, bold, mono) and the WenQuanYi Micro Hei fallback',
      `are embedded as subsets where used. 1-minute load average when the run started: ${loadBefore.toFixed(2)} on`,
      `${availableParallelism()} cores (other work on the machine slows the wall-clock figures, not the CPU times).`,
    ].join(' '),
  };
};

export default benchmark;
