import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultRiskThresholds, mergeThresholds } from '../rules/RiskThresholds.js';
import type { RuleResult } from '../rules/RuleResult.js';
import { combineDecision } from './combineDecision.js';

const rule = (severity: RuleResult['severity'], fired = true): RuleResult => ({
  rule: 'velocity',
  fired,
  severity,
  score: fired ? defaultRiskThresholds.severityScores[severity] : 0,
  explanation: '',
  figures: {},
  source: '',
});
const combine = (
  rules: RuleResult[],
  modelScore: number | null,
  sanctionsHit = false,
  thresholds = defaultRiskThresholds,
) => combineDecision({ sanctionsHit, rules, modelScore, thresholds });

describe('combining sanctions, rules and the model', () => {
  test('a sanctions hit blocks with score 1 whatever else says', () => {
    assert.deepEqual(combine([], 0.01, true), { decision: 'block', score: 1 });
  });

  test('a high rule blocks, a medium one reviews, a low one alone allows', () => {
    assert.deepEqual(combine([rule('high')], null), { decision: 'block', score: 0.95 });
    assert.deepEqual(combine([rule('medium'), rule('low')], null), { decision: 'review', score: 0.6 });
    assert.deepEqual(combine([rule('low')], null), { decision: 'allow', score: 0.3 });
    assert.deepEqual(combine([rule('high', false)], null), { decision: 'allow', score: 0 });
  });

  test('the model reviews at 0.5 (not at 0.4999) and alone never blocks unless the company lets it', () => {
    assert.equal(combine([], 0.5).decision, 'review');
    assert.equal(combine([], 0.4999).decision, 'allow');
    assert.deepEqual(combine([], 0.97), { decision: 'review', score: 0.97 });
    const strict = mergeThresholds({ decision: { modelMayBlock: true } });
    assert.equal(combine([], 0.9, false, strict).decision, 'block');
    assert.equal(combine([], 0.8999, false, strict).decision, 'review');
  });

  test('thresholds are per company: a lower review score sends more to review', () => {
    const cautious = mergeThresholds({ decision: { reviewScore: 0.2 } });
    assert.equal(combine([], 0.25, false, cautious).decision, 'review');
    assert.throws(() => mergeThresholds({ decision: { reviewScore: 0.95 } }), /must not be above decision.blockScore/);
  });
});
