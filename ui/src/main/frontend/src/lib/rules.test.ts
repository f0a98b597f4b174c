import { describe, expect, it } from 'vitest'
import { baselineCandidates, bands, labelText, plottedSeries, previewSummary, problemsFromRulerText, ruleIndexAt, shades,
  type RulePreview } from './rules'

function preview(overrides: Partial<RulePreview> = {}): RulePreview {
  return {
    rule: { index: 0, name: 'High', type: 'alerting', expr: 'x > 1', language: 'promql', for: 60_000, keepFiringFor: 0 },
    rules: [{ name: 'High', type: 'alerting' }],
    start: 0, end: 600_000, step: 60_000, evaluations: 11, seriesTotal: 0, series: [], compared: null, failures: [],
    ...overrides,
  }
}

describe('problemsFromRulerText', () => {
  it('splits Loki\'s joined errors at their namespace:line:column prefixes, keeping commas inside messages', () => {
    const text = 'pay:7:13: group "red", rule 1, "Broken": could not parse expression as promql: 1:30: unclosed left parenthesis, '
      + 'pay:8:10: group "red", rule 1, "Broken": for must be a duration such as 30s, 5m or 1h, got "soon"\n'
    expect(problemsFromRulerText(text, 'pay')).toEqual([
      { line: 7, column: 13, message: 'group "red", rule 1, "Broken": could not parse expression as promql: 1:30: unclosed left parenthesis' },
      { line: 8, column: 10, message: 'group "red", rule 1, "Broken": for must be a duration such as 30s, 5m or 1h, got "soon"' },
    ])
  })

  it('takes a namespace with regex characters literally, and text without a position as one error', () => {
    expect(problemsFromRulerText('a.b:2:1: bad', 'a.b')).toEqual([{ line: 2, column: 1, message: 'bad' }])
    expect(problemsFromRulerText('axb:2:1: bad', 'a.b')).toEqual([{ line: 0, column: 0, message: 'axb:2:1: bad' }])
    expect(problemsFromRulerText('namespace pay is loaded from the rule directory\n', 'pay'))
      .toEqual([{ line: 0, column: 0, message: 'namespace pay is loaded from the rule directory' }])
    expect(problemsFromRulerText('', 'pay')).toEqual([])
  })
})

describe('ruleIndexAt', () => {
  const yaml = ['name: g', 'rules:', '  - alert: A', '    expr: x > 1', '    labels:', '      - not a rule', '  - record: b',
    '    expr: y', '  -   alert: C', '    expr: z'].join('\n')

  it('is the rule whose list item the line is in, counting only items at the rules\' indentation', () => {
    expect(ruleIndexAt(yaml, 1)).toBe(0)
    expect(ruleIndexAt(yaml, 3)).toBe(0)
    expect(ruleIndexAt(yaml, 6)).toBe(0)
    expect(ruleIndexAt(yaml, 7)).toBe(1)
    expect(ruleIndexAt(yaml, 8)).toBe(1)
    expect(ruleIndexAt(yaml, 10)).toBe(2)
  })

  it('is the first rule when there is no rules list', () => {
    expect(ruleIndexAt('name: g', 1)).toBe(0)
  })
})

describe('baselineCandidates', () => {
  it('names each selected series once, a band suffix taken off', () => {
    expect(baselineCandidates('service:latency_p99 > on(service_name) service:latency_p99:baseline_upper'))
      .toEqual(['service:latency_p99'])
  })

  it('skips functions, label matchers, grouping labels, durations, strings and keywords', () => {
    const expr = 'sum by (service_name) (rate(calls_total{status_code="ERROR", x=~"a|b"}[5m] offset 1m)) '
      + '/ ignoring(span_kind) group_left(team) sum without (pod) (rate(calls_total[5m])) > bool 0.05'
    expect(baselineCandidates(expr)).toEqual(['calls_total'])
    expect(baselineCandidates('label_replace(up, "dst", "$1", "src", "(.*)")')).toEqual(['up'])
  })
})

describe('shades', () => {
  it('merges every series\' intervals per state, and gives an instant one a step', () => {
    const p = preview({
      series: [
        { labels: { s: 'a' }, values: [], intervals: [
          { state: 'pending', start: 60_000, end: 120_000, ongoing: false },
          { state: 'firing', start: 120_000, end: 300_000, ongoing: false }] },
        { labels: { s: 'b' }, values: [], intervals: [
          { state: 'firing', start: 240_000, end: 360_000, ongoing: false },
          { state: 'pending', start: 600_000, end: 600_000, ongoing: true }] },
      ],
    })
    expect(shades(p)).toEqual([
      { state: 'pending', start: 60_000, end: 120_000 },
      { state: 'pending', start: 600_000, end: 660_000 },
      { state: 'firing', start: 120_000, end: 360_000 },
    ])
  })
})

describe('plottedSeries and bands', () => {
  const compared = {
    expr: 'x', threshold: '1',
    series: [{ labels: { __name__: 'x', s: 'a' }, values: [[0, '0.5'], [60_000, 'NaN'], [120_000, '2']] as [number, string][] }],
  }

  it('draws the compared side when there is one, without NaN', () => {
    const p = preview({ compared, series: [{ labels: { s: 'a' }, values: [[120_000, '2']], intervals: [] }] })
    expect(plottedSeries(p)).toEqual([{ name: '{s="a"}', labels: { __name__: 'x', s: 'a' }, points: [[0, 0.5], [120_000, 2]] }])
    expect(plottedSeries(preview({ series: [{ labels: {}, values: [[0, '1']], intervals: [] }]}))[0].points).toEqual([[0, 1]])
  })

  it('matches bands to plotted series by labels, name aside, and pairs upper with lower at the same times', () => {
    const plotted = plottedSeries(preview({ compared }))
    const upper = [
      { labels: { __name__: 'x:baseline_upper', s: 'a' }, values: [[0, '1'], [60_000, '1.2']] as [number, string][] },
      { labels: { __name__: 'x:baseline_upper', s: 'other' }, values: [[0, '9']] as [number, string][] },
    ]
    const lower = [
      { labels: { __name__: 'x:baseline_lower', s: 'a' }, values: [[0, '0.2']] as [number, string][] },
      { labels: { __name__: 'x:baseline_lower', s: 'other' }, values: [[0, '1']] as [number, string][] },
    ]
    expect(bands(plotted, upper, lower)).toEqual([{ labels: upper[0].labels, points: [[0, 0.2, 1]] }])
    expect(bands(plotted, [], lower)).toEqual([])
  })
})

describe('previewSummary and labelText', () => {
  it('counts firing stretches, or says it would not have fired', () => {
    const firing = { state: 'firing' as const, start: 0, end: 1, ongoing: false }
    const pending = { state: 'pending' as const, start: 0, end: 1, ongoing: false }
    expect(previewSummary(preview())).toBe('would not have fired')
    expect(previewSummary(preview({ series: [{ labels: {}, values: [], intervals: [pending, firing] }] })))
      .toBe('would have fired once')
    expect(previewSummary(preview({ series: [{ labels: {}, values: [], intervals: [pending] }] })))
      .toBe('would have been pending once, never firing')
    expect(previewSummary(preview({ series: [{ labels: {}, values: [], intervals: [firing] }, { labels: {}, values: [], intervals: [firing] }] })))
      .toBe('would have fired 2 times')
  })

  it('prints labels sorted, without the name', () => {
    expect(labelText({ z: '1', __name__: 'x', a: '2' })).toBe('{a="2", z="1"}')
    expect(labelText({})).toBe('{}')
  })
})
