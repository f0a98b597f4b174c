import { describe, expect, it } from 'vitest'
import {
  filtersFromQuery, generatorRoute, groupByRule, labelPairs, labelsKey, matcherRowsFor, matcherText,
  queryFromFilters, apiFilterParams, silenceRequest, sortSilences, stateSince, timeline,
  type HistoryEntry, type LiveAlert, type Silence,
} from './alerts'
import { errorDetail } from './alertsApi'

function alert(name: string, state: LiveAlert['state'], labels: Record<string, string>, activeAt = 1000): LiveAlert {
  return { namespace: 'ns', group: 'g', name, state, labels: { alertname: name, ...labels }, annotations: {}, activeAt,
    firedAt: state === 'pending' ? null : activeAt + 60_000, resolvedAt: state === 'resolved' ? activeAt + 120_000 : null,
    value: 1, generatorUrl: '', silenced: false, evaluatedAt: activeAt, evidence: { logLines: [], traceIds: [] } }
}

function entry(time: number, name: string, service: string, from: HistoryEntry['from'], state: HistoryEntry['state']): HistoryEntry {
  return { time, namespace: 'ns', group: 'g', name, from, state, labels: { alertname: name, service_name: service },
    annotations: {}, value: null, activeAt: time, evidence: { logLines: 0, traceIds: [], firstLine: '' } }
}

describe('alerts grouped by rule', () => {
  it('puts rules with firing alerts first and each rule\'s alerts firing, pending, resolved', () => {
    const rules = groupByRule([
      alert('Latency', 'pending', { service_name: 'cart' }),
      alert('ErrorRate', 'resolved', { service_name: 'cart' }),
      alert('ErrorRate', 'firing', { service_name: 'checkout' }, 5000),
      alert('ErrorRate', 'pending', { service_name: 'payment' }),
      alert('ErrorRate', 'firing', { service_name: 'api' }, 2000),
    ])
    expect(rules.map((r) => `${r.name} ${r.worst}`)).toEqual(['ErrorRate firing', 'Latency pending'])
    expect(rules[0].counts).toEqual({ firing: 2, pending: 1, resolved: 1 })
    expect(rules[0].alerts.map((a) => a.labels.service_name)).toEqual(['api', 'checkout', 'payment', 'cart'])
  })

  it('keeps the same rule of two tenants apart', () => {
    const a = { ...alert('Down', 'firing', {}), tenant: 'a' }
    const b = { ...alert('Down', 'firing', {}), tenant: 'b' }
    expect(groupByRule([a, b]).map((r) => r.tenant)).toEqual(['a', 'b'])
  })

  it('says since when an alert is in its state', () => {
    expect(stateSince(alert('X', 'pending', {}, 1000))).toBe(1000)
    expect(stateSince(alert('X', 'firing', {}, 1000))).toBe(61_000)
    expect(stateSince(alert('X', 'resolved', {}, 1000))).toBe(121_000)
  })

  it('writes labels sorted, without the alert name, and keys them stably', () => {
    expect(labelPairs({ alertname: 'X', pod: 'a-1', env: 'prod' })).toEqual(['env="prod"', 'pod="a-1"'])
    expect(labelsKey({ b: '1', a: '2' })).toBe(labelsKey({ a: '2', b: '1' }))
    expect(labelsKey({ a: 'x,b=1' })).not.toBe(labelsKey({ a: 'x', b: '1' }))
  })
})

describe('the history as a timeline', () => {
  const window = { start: 0, end: 100_000 }

  it('draws pending and firing stretches per alert, an open one to the window\'s end', () => {
    const rows = timeline([
      entry(40_000, 'ErrorRate', 'checkout', 'pending', 'firing'),
      entry(10_000, 'ErrorRate', 'checkout', null, 'pending'),
      entry(70_000, 'ErrorRate', 'checkout', 'firing', 'resolved'),
      entry(90_000, 'ErrorRate', 'checkout', 'resolved', 'pending'),
      entry(20_000, 'ErrorRate', 'cart', null, 'pending'),
      entry(30_000, 'ErrorRate', 'cart', 'pending', 'inactive'),
    ], window)
    expect(rows.map((r) => r.labels.service_name)).toEqual(['checkout', 'cart'])
    expect(rows[0].segments).toEqual([
      { start: 10_000, end: 40_000, state: 'pending' },
      { start: 40_000, end: 70_000, state: 'firing' },
      { start: 90_000, end: 100_000, state: 'pending' },
    ])
    expect(rows[0].changes.map((c) => c.state)).toEqual(['pending', 'firing', 'resolved', 'pending'])
    expect(rows[1].segments).toEqual([{ start: 20_000, end: 30_000, state: 'pending' }])
  })

  it('starts an alert already firing before the window at the window\'s start', () => {
    const [row] = timeline([entry(50_000, 'Down', 'api', 'firing', 'resolved')], window)
    expect(row.segments).toEqual([{ start: 0, end: 50_000, state: 'firing' }])
  })

  it('keeps at most the rows asked for, those that fired first', () => {
    const entries = ['a', 'b', 'c'].map((s, i) => entry(1000 * (i + 1), 'X', s, null, i === 2 ? 'firing' : 'pending'))
    expect(timeline(entries, window, 2).map((r) => r.labels.service_name)).toEqual(['c', 'a'])
  })
})

describe('silences', () => {
  it('prefills a silence with an alert\'s labels, the alert name first', () => {
    expect(matcherRowsFor({ service_name: 'checkout', alertname: 'ErrorRate', env: 'prod' })).toEqual([
      { name: 'alertname', op: '=', value: 'ErrorRate' },
      { name: 'env', op: '=', value: 'prod' },
      { name: 'service_name', op: '=', value: 'checkout' },
    ])
  })

  it('builds the request from the form, from now for the duration', () => {
    const now = Date.parse('2026-12-07T10:00:00Z')
    const request = silenceRequest({ rows: [
      { name: 'alertname', op: '=', value: 'ErrorRate' },
      { name: 'pod', op: '=~', value: 'api-.*' },
      { name: '', op: '=', value: '' },
    ], duration: '2h', createdBy: ' jane ', comment: 'deploying a fix' }, now)
    expect(request).toEqual({
      matchers: [
        { name: 'alertname', value: 'ErrorRate', isRegex: false, isEqual: true },
        { name: 'pod', value: 'api-.*', isRegex: true, isEqual: true },
      ],
      startsAt: '2026-12-07T10:00:00.000Z', endsAt: '2026-12-07T12:00:00.000Z', createdBy: 'jane', comment: 'deploying a fix',
    })
  })

  it('says what is wrong with a form', () => {
    const ok = { rows: [{ name: 'alertname', op: '=' as const, value: 'X' }], duration: '1h', createdBy: 'me', comment: 'why' }
    expect(silenceRequest({ ...ok, rows: [] }, 0)).toBe('Add at least one matcher')
    expect(silenceRequest({ ...ok, rows: [{ name: 'bad-name', op: '=', value: 'x' }] }, 0)).toBe('"bad-name" is not a label name')
    expect(silenceRequest({ ...ok, rows: [{ name: 'env', op: '=', value: '' }] }, 0))
      .toBe('At least one matcher must match a value (not only empty labels)')
    expect(silenceRequest({ ...ok, duration: 'soon' }, 0)).toBe('"soon" is not a duration (such as 30m, 2h or 1d)')
    expect(silenceRequest({ ...ok, createdBy: ' ' }, 0)).toBe('Say who creates the silence')
    expect(silenceRequest({ ...ok, comment: '' }, 0)).toBe('Say why (a comment is required)')
  })

  it('writes matchers as Alertmanager does', () => {
    expect(matcherText({ name: 'a', value: 'x"y', isRegex: false, isEqual: true })).toBe('a="x\\"y"')
    expect(matcherText({ name: 'a', value: 'x', isRegex: false, isEqual: false })).toBe('a!="x"')
    expect(matcherText({ name: 'a', value: 'x.*', isRegex: true, isEqual: true })).toBe('a=~"x.*"')
    expect(matcherText({ name: 'a', value: 'x.*', isRegex: true, isEqual: false })).toBe('a!~"x.*"')
  })

  it('lists active silences first, the newest change first', () => {
    const silence = (id: string, state: Silence['status']['state'], updatedAt: string): Silence =>
      ({ id, status: { state }, updatedAt, matchers: [], startsAt: '', endsAt: '', createdBy: '', comment: '' })
    expect(sortSilences([
      silence('old-expired', 'expired', '2026-12-07T09:00:00Z'),
      silence('active-1', 'active', '2026-12-07T08:00:00Z'),
      silence('pending', 'pending', '2026-12-07T10:00:00Z'),
      silence('active-2', 'active', '2026-12-07T09:30:00Z'),
    ]).map((s) => s.id)).toEqual(['active-2', 'active-1', 'pending', 'old-expired'])
  })

  it('reads Alertmanager\'s error string and ours', () => {
    expect(errorDetail('"matchers[0]: empty name"', 'Bad Request')).toBe('matchers[0]: empty name')
    expect(errorDetail('{"error":{"code":400,"message":"bad limit"}}', 'Bad Request')).toBe('bad limit')
    expect(errorDetail('', 'Forbidden')).toBe('Forbidden')
    expect(errorDetail('not allowed', 'Forbidden')).toBe('not allowed')
  })
})

describe('links and filters', () => {
  it('opens a generator URL of this UI in the app, and leaves another host\'s as it is', () => {
    expect(generatorRoute('http://127.0.0.1:16686/logs?query=%7Bapp%3D%22api%22%7D&start=1&end=2', 'http://127.0.0.1:16686'))
      .toEqual({ path: '/logs', query: { query: '{app="api"}', start: '1', end: '2' } })
    expect(generatorRoute('https://tracemate.example.org/logs?query=x', 'http://127.0.0.1:16686')).toBeNull()
    expect(generatorRoute('/logs?query=x', 'http://127.0.0.1:16686')).toEqual({ path: '/logs', query: { query: 'x' } })
  })

  it('keeps the filters in the URL and passes them to the APIs', () => {
    const filters = filtersFromQuery({ alertname: 'ErrorRate', service: ['checkout'], resolved: 'hide' })
    expect(filters).toEqual({ alertname: 'ErrorRate', service: 'checkout', showResolved: false })
    expect(queryFromFilters(filters)).toEqual({ alertname: 'ErrorRate', service: 'checkout', resolved: 'hide' })
    expect(queryFromFilters(filtersFromQuery({}))).toEqual({})
    expect(apiFilterParams(filters).toString()).toBe('alertname=ErrorRate&service=checkout')
  })
})
