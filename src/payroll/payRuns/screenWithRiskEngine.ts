import type { RiskEngine } from '../../risk/createRiskEngine.js';
import type { ScreenPayout } from './ScreenPayout.js';

/**
 * The platform's screening of a pay run's crypto payouts: the risk engine's `screen`, as an outgoing `payout` from the
 * company's vault to an employee's self-hosted wallet (Tandem does not know a custodian for it; a recorded proof of
 * ownership lets the unhosted-wallet rule pass). The decision is stored by the risk engine and opens a case on review
 * or block.
 * @example createPayRuns({ …, screen: screenWithRiskEngine(platform.risk) })
 */
export function screenWithRiskEngine(risk: Pick<RiskEngine, 'screening'>): ScreenPayout {
  return async (request) => {
    const decision = await risk.screening.screen(
      {
        companyId: request.companyId,
        chainId: request.chainId,
        asset: request.asset,
        amount: request.amount,
        decimals: request.decimals,
        fiatValueEurCents: request.fiatValueEurCents,
        from: request.from,
        to: request.to,
        direction: 'outgoing',
        source: 'payout',
        counterparty: { hosted: false, name: request.beneficiary.name },
        reference: request.reference,
      },
      { actor: request.actor },
    );
    return {
      decision: decision.decision,
      score: decision.score,
      rulesFired: decision.rulesFired.map((rule) => ({ rule: rule.rule, explanation: rule.explanation })),
      topReasons: decision.topReasons,
      decisionId: decision.decisionId,
      modelHash: decision.modelHash,
      caseId: decision.caseId,
      summary: decision.summary,
    };
  };
}
