import { NonRetryableError, RetryableError } from '../../errors/BaseError.js';
import type { NetworkNode, RoundOutcome } from './createNetworkNode.js';

/** The coordinator refused a message (problem+json); retrying the same message will not help. */
export class CoordinatorRefusal extends NonRetryableError {
  override name = 'CoordinatorRefusal';
}

/**
 * The node side of the HTTP transport: `send` posts one signed message (retrying only when the coordinator cannot
 * be reached), and `run` polls for round announcements while idle and long-polls the node's inbox, handing every
 * message to the node in order, until `rounds` rounds ended or `stop` is called.
 * @example const link = createHttpLink('http://127.0.0.1:7420'); const node = createNetworkNode({ …, send: link.send }); await link.run(node)
 */
export function createHttpLink(
  coordinatorUrl: string,
  options: { pollMs?: number; waitMs?: number; giveUpMs?: number } = {},
) {
  const base = coordinatorUrl.replace(/\/$/, '');
  const giveUpMs = options.giveUpMs ?? 60_000;
  const pollMs = options.pollMs ?? 500;
  const waitMs = options.waitMs ?? 20_000;
  let stopped = false;

  async function send(raw: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${base}/network/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: raw,
        });
      } catch (cause) {
        if (attempt >= 4) throw new RetryableError(`cannot reach the coordinator at ${base}`, { cause });
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
        continue;
      }
      if (response.ok) return;
      const problem = (await response.json().catch(() => ({}))) as { title?: string; detail?: string; type?: string };
      throw new CoordinatorRefusal(problem.title ?? `the coordinator answered ${response.status}`, {
        details: problem.detail,
        code: problem.type?.split('/').pop(),
      });
    }
  }

  async function run(node: NetworkNode, rounds = Number.POSITIVE_INFINITY): Promise<RoundOutcome[]> {
    let after = 0;
    let lastAnnouncement = '';
    const announcements = (async () => {
      while (!stopped) {
        if (!node.inRound()) {
          const response = await fetch(`${base}/network/v1/round`).catch(() => undefined);
          if (response?.ok) {
            const { announcement } = (await response.json()) as { announcement: string };
            if (announcement !== lastAnnouncement) {
              lastAnnouncement = announcement;
              node.deliver(announcement);
            }
          }
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    })();
    const done = new Promise<void>((resolve) => {
      const check = () => {
        if (node.outcomes().length >= rounds) resolve();
      };
      node.onRoundEnd(check);
      check();
    });
    const inbox = (async () => {
      let unreachableSince: number | undefined;
      while (!stopped) {
        const response = await fetch(`${base}/network/v1/inbox/${node.address}?after=${after}&waitMs=${waitMs}`).catch(
          () => undefined,
        );
        if (!response?.ok) {
          unreachableSince ??= Date.now();
          if (node.inRound() && Date.now() - unreachableSince > giveUpMs)
            node.abandonRound(`the coordinator at ${base} stopped answering`);
          await new Promise((resolve) => setTimeout(resolve, pollMs));
          continue;
        }
        unreachableSince = undefined;
        const { messages, next } = (await response.json()) as {
          messages: { seq: number; raw: string }[];
          next: number;
        };
        for (const message of messages) node.deliver(message.raw);
        after = next;
      }
    })();
    await done;
    await node.settled();
    stopped = true;
    await Promise.race([Promise.all([announcements, inbox]), new Promise((resolve) => setTimeout(resolve, 100))]);
    return [...node.outcomes()];
  }

  return {
    send,
    run,
    stop(): void {
      stopped = true;
    },
  };
}
