import type { Command } from 'commander';
import { ValidationError } from '../../errors/BaseError.js';
import type { RiskCase, RiskCaseDetail } from '../../risk/cases/RiskCase.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { printJson, printTable } from '../output.js';
import { printDecision } from './riskCommands.js';

export function registerCaseCommands(program: Command) {
  const cases = program.command('cases').description('Alert cases the risk engine opened (review and block decisions)');

  cases
    .command('list')
    .description('cases, newest first')
    .option('--status <status>', 'open, assigned or resolved')
    .option('--assignee <name>', 'only cases assigned to this person')
    .option('--company <id>', 'only this company')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'machine-readable output')
    .action(
      async (
        options: { status?: string; assignee?: string; company?: string; limit?: string; json?: boolean },
        command: Command,
      ) => {
        const query = new URLSearchParams({
          ...(options.status ? { status: options.status } : {}),
          ...(options.assignee ? { assignee: options.assignee } : {}),
          ...(options.company ? { companyId: options.company } : {}),
          ...(options.limit ? { limit: options.limit } : {}),
        });
        const client = await createCliClient(commandConfig(command));
        try {
          const { cases: found } = await client.request<{ cases: RiskCase[] }>('GET', `/v1/risk/cases?${query}`);
          if (options.json) return printJson({ cases: found });
          printTable(
            found.map((c) => ({
              id: c.id,
              status: c.status,
              decision: c.decision.decision,
              score: c.decision.score.toFixed(3),
              company: c.companyId,
              assignee: c.assignee,
              opened: c.openedAt,
              summary: c.decision.summary.length > 70 ? `${c.decision.summary.slice(0, 69)}…` : c.decision.summary,
            })),
          );
        } finally {
          await client.close();
        }
      },
    );

  cases
    .command('show')
    .description('a case with its decision and audit trail')
    .argument('<id>', 'case id')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const found = await client.request<RiskCaseDetail>('GET', `/v1/risk/cases/${encodeURIComponent(id)}`);
        if (options.json) return printJson(found);
        process.stdout.write(
          `Case ${found.id}: ${found.status}${found.assignee ? `, assigned to ${found.assignee}` : ''}${found.resolution ? `, ${found.resolution}d by ${found.resolvedBy}: ${found.comment}` : ''}\n`,
        );
        printDecision(found.decisionRecord);
        process.stdout.write('History:\n');
        printTable(
          found.events.map((event) => ({ at: event.at, actor: event.actor, action: event.action, data: event.data })),
        );
      } finally {
        await client.close();
      }
    });

  cases
    .command('assign')
    .description('assign a case to someone')
    .argument('<id>', 'case id')
    .requiredOption('--to <name>', 'who handles it')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { to: string; json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const updated = await client.request<RiskCase>('POST', `/v1/risk/cases/${encodeURIComponent(id)}/assign`, {
          assignee: options.to,
        });
        if (options.json) return printJson(updated);
        process.stdout.write(`Case ${updated.id} is assigned to ${updated.assignee}.\n`);
      } finally {
        await client.close();
      }
    });

  cases
    .command('resolve')
    .description('resolve a case: --approve lets the transfer go ahead, --reject stops it')
    .argument('<id>', 'case id')
    .option('--approve', 'approve the transfer')
    .option('--reject', 'reject the transfer')
    .requiredOption('--comment <text>', 'why')
    .option('--json', 'machine-readable output')
    .action(
      async (
        id: string,
        options: { approve?: boolean; reject?: boolean; comment: string; json?: boolean },
        command: Command,
      ) => {
        if (Boolean(options.approve) === Boolean(options.reject))
          throw new ValidationError('Give exactly one of --approve and --reject.', { field: '--approve' });
        const client = await createCliClient(commandConfig(command));
        try {
          const updated = await client.request<RiskCase>('POST', `/v1/risk/cases/${encodeURIComponent(id)}/resolve`, {
            resolution: options.approve ? 'approve' : 'reject',
            comment: options.comment,
          });
          if (options.json) return printJson(updated);
          process.stdout.write(`Case ${updated.id} is resolved: ${updated.resolution} (${updated.comment}).\n`);
        } finally {
          await client.close();
        }
      },
    );
}
