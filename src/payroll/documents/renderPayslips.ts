import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ValidationError } from '../../errors/BaseError.js';
import type { PayslipView } from './PayslipView.js';
import { renderPayslip } from './renderPayslip.js';

export type RenderPayslipsOptions = {
  /**
   * Worker threads rendering in parallel (pdfkit is CPU-bound JavaScript, so threads, not promises, use more
   * cores); the number of cores by default, fewer for small runs, 1 to render on the calling thread.
   */
  concurrency?: number | undefined;
};

export type RenderedPayslip = { payslipId: string; employeeId: string; file: string; bytes: number };

export type RenderPayslipsReturnType = { files: RenderedPayslip[] };

/** The file name of a payslip in the output folder: `payslip-<payslipId>.pdf`, safe on every file system. */
export function payslipFileName(view: Pick<PayslipView, 'payslipId'>): string {
  return `payslip-${view.payslipId.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

// Views go to the workers in batches, so a message round trip is paid per batch rather than per payslip.
const batchSize = 16;
const minimumPerWorker = 64;

/**
 * Renders one payslip PDF per view into `outDir` (created if missing), in parallel on worker threads. Each file
 * is written under a temporary name and renamed, so a crash never leaves a half-written payslip; on failure the
 * files this call wrote are removed and the first error is thrown.
 * @example const { files } = await renderPayslips(views, `data/payslips/${payRunId}`)
 */
export async function renderPayslips(
  views: readonly PayslipView[],
  outDir: string,
  options: RenderPayslipsOptions = {},
): Promise<RenderPayslipsReturnType> {
  const names = new Map<string, number>();
  views.forEach((view, index) => {
    const name = payslipFileName(view);
    const first = names.get(name);
    if (first !== undefined)
      throw new ValidationError(`Payslips ${first + 1} and ${index + 1} would both be written to ${name}.`, {
        field: `views[${index}].payslipId`,
      });
    names.set(name, index);
  });
  await mkdir(outDir, { recursive: true });
  // A worker costs about half a second to start (tsx, pdfkit, fonts), the time of some 30 payslips: small runs
  // stay on fewer threads.
  const concurrency = Math.max(
    1,
    Math.min(options.concurrency ?? availableParallelism(), Math.ceil(views.length / minimumPerWorker)),
  );
  const files: RenderedPayslip[] = new Array(views.length);
  try {
    if (concurrency === 1) {
      for (let index = 0; index < views.length; index++) files[index] = await writePayslip(views[index]!, outDir);
    } else {
      await renderOnWorkers(views, outDir, concurrency, files);
    }
  } catch (error) {
    // Workers are stopped by now; remove what they wrote, finished or not.
    const leftovers = [
      ...views.map((view) => payslipFileName(view)),
      ...(await readdir(outDir)).filter((name) => name.endsWith(`.${process.pid}.tmp`)),
    ];
    await Promise.all(leftovers.map((name) => rm(join(outDir, name), { force: true }).catch(() => undefined)));
    throw error;
  }
  return { files };
}

/** Renders and writes one payslip; also what each worker thread runs. */
export async function writePayslip(view: PayslipView, outDir: string): Promise<RenderedPayslip> {
  const pdf = await renderPayslip(view);
  const file = join(outDir, payslipFileName(view));
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, pdf);
  await rename(temporary, file);
  return { payslipId: view.payslipId, employeeId: view.employee.id, file, bytes: pdf.length };
}

type WorkerRequest = { batch: number; views: PayslipView[]; outDir: string };
type WorkerReply = { batch: number; files?: RenderedPayslip[]; error?: { message: string; stack?: string } };

async function renderOnWorkers(
  views: readonly PayslipView[],
  outDir: string,
  concurrency: number,
  files: RenderedPayslip[],
): Promise<void> {
  const batches: PayslipView[][] = [];
  for (let start = 0; start < views.length; start += batchSize) batches.push(views.slice(start, start + batchSize));
  let next = 0;
  const workers = Array.from({ length: concurrency }, () => startPayslipWorker());
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const sendNext = () => {
              if (next >= batches.length) return resolve();
              const batch = next++;
              worker.postMessage({ batch, views: batches[batch]!, outDir } satisfies WorkerRequest);
            };
            worker.on('message', (reply: WorkerReply) => {
              if (reply.error) {
                const error = new Error(reply.error.message);
                if (reply.error.stack) error.stack = reply.error.stack;
                return reject(error);
              }
              reply.files?.forEach((file, i) => {
                files[reply.batch * batchSize + i] = file;
              });
              sendNext();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (next < batches.length || code !== 0) reject(new Error(`A payslip worker exited with code ${code}.`));
            });
            sendNext();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

// Workers start from a tiny ES module that registers tsx (the project runs TypeScript without a build step, and
// a worker does not inherit a loader registered with `register()` in the main thread) and then imports this file,
// whose top-level code below turns the thread into a payslip renderer.
function startPayslipWorker(): Worker {
  const bootstrap = [
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};`,
    'register();',
    `await import(${JSON.stringify(import.meta.url)});`,
  ].join('\n');
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), {
    workerData: { role: 'payslip-renderer' },
  });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === 'payslip-renderer') {
  const port = parentPort;
  port.on('message', async (request: WorkerRequest) => {
    try {
      const rendered: RenderedPayslip[] = [];
      for (const view of request.views) rendered.push(await writePayslip(view, request.outDir));
      port.postMessage({ batch: request.batch, files: rendered } satisfies WorkerReply);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      port.postMessage({
        batch: request.batch,
        error: { message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) },
      } satisfies WorkerReply);
    }
  });
}
