import { describe, expect, it } from 'vitest'
import { chartSeries, spanLogsQuery, chooseStep, compactLabels, extractTraceId, logsFormFromQuery, parseJsonLine, rowOffsets, rowsFromStreams,
  visibleRows, volumeBars } from './logs'
import { rangeFromQuery } from './timeRange'
import { buildJsonTree, toggleFold, visibleJsonLines } from './logsJsonTree'

describe('extractTraceId', () => {
  it.each([
    ['level=warn trace_id=4bf92f3577b34da6a3ce929d0e0e4736 msg=x', {}, '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['{"msg":"x","trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736"}', {}, '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['{"traceId": "00f067aa0ba902b7"}', {}, '00f067aa0ba902b7'],
    ['traceid=00f067aa0ba902b7', {}, '00f067aa0ba902b7'],
    ['no id here', { trace_id: 'ABC123' }, 'abc123'],
    ['trace_id=1111111111111111', { trace_id: '2222222222222222' }, '2222222222222222'],
    ['trace_id=xyz', {}, null],
    ['trace_id=1234', {}, null], // too short to be a trace ID in a line
    ['mytrace_id=00f067aa0ba902b7', {}, null],
  ])('%s', (line, labels, expected) => {
    expect(extractTraceId(line, labels)).toBe(expected)
  })
})

describe('rows', () => {
  it('flattens streams newest first, merges structured metadata and finds trace IDs', () => {
    const rows = rowsFromStreams([
      { stream: { app: 'a' }, values: [['1700000000000000000', 'one'], ['1700000002000000000', 'three', { trace_id: 'ab' }]] },
      { stream: { app: 'b' }, values: [['1700000001000000000', '{"trace_id":"00f067aa0ba902b7"}']] },
    ])
    expect(rows.map((r) => r.line)).toEqual(['three', '{"trace_id":"00f067aa0ba902b7"}', 'one'])
    expect(rows.map((r) => r.traceId)).toEqual(['ab', '00f067aa0ba902b7', null])
    expect(rows[0].labels).toEqual({ app: 'a', trace_id: 'ab' })
    expect(rows[0].millis).toBe(1700000002000)
    expect(compactLabels(rows[0].labels)).toBe('app=a')
  })
  it('parses only JSON objects and arrays', () => {
    expect(parseJsonLine(' {"a":1} ')).toEqual({ a: 1 })
    expect(parseJsonLine('[1]')).toEqual([1])
    expect(parseJsonLine('{broken')).toBeNull()
    expect(parseJsonLine('42')).toBeNull()
  })
})

describe('volumeBars', () => {
  it('puts each count_over_time point in the bucket ending at its timestamp and zero-fills the rest', () => {
    // range 1000..1240 s, step 60 s: buckets start at 1000, 1060, 1120, 1180
    const bars = volumeBars([
      { metric: {}, values: [[1060, '3'], [1180, '5'], [1300, '9']] },
      { metric: { x: 'y' }, values: [[1180, '1'], [1000, '7']] },
    ], 1_000_000, 1_240_000, 60_000)
    expect(bars).toEqual([
      { startMillis: 1_000_000, count: 3 },
      { startMillis: 1_060_000, count: 0 },
      { startMillis: 1_120_000, count: 6 },
      { startMillis: 1_180_000, count: 0 },
    ])
  })
  it('rounds a partial last bucket up and chooses readable steps', () => {
    expect(volumeBars([], 0, 90_000, 60_000)).toHaveLength(2)
    expect(chooseStep(3600_000)).toBe(60)
    expect(chooseStep(15 * 60_000)).toBe(15)
    expect(chooseStep(24 * 3600_000)).toBe(1800)
  })
})

describe('charts and form', () => {
  it('turns matrix and vector results into series', () => {
    expect(chartSeries({ resultType: 'matrix', result: [{ metric: { level: 'warn' }, values: [[10, '1.5'], [20, 'NaN']] }] }))
      .toEqual([{ name: '{level="warn"}', points: [[10_000, 1.5]] }])
    expect(chartSeries({ resultType: 'vector', result: [{ metric: {}, value: [10, '2'] }] }))
      .toEqual([{ name: '{}', points: [[10_000, 2]] }])
  })
  it('reads the URL with defaults; the range is the shared one', () => {
    const form = logsFormFromQuery({ query: '{a="b"}', limit: 'x', lookback: '6h' })
    expect(form).toEqual({ query: '{a="b"}', limit: 1000 })
    expect(logsFormFromQuery({ limit: '200000' }).limit).toBe(100_000)
  })
})

describe('virtual list windowing', () => {
  it('renders only the rows in view of 100,000 lines, wherever the list is scrolled', () => {
    const offsets = rowOffsets(100_000, () => 22)
    expect(offsets[100_000]).toBe(2_200_000)
    expect(visibleRows(offsets, 0, 440, 10)).toEqual([0, 31])
    expect(visibleRows(offsets, 22 * 50_000 + 5, 440, 10)).toEqual([49_990, 50_031])
    expect(visibleRows(offsets, 2_200_000 - 440, 440, 10)).toEqual([99_970, 100_000])
  })
  it('accounts for an expanded row taller than the others', () => {
    const offsets = rowOffsets(10, (i) => (i === 2 ? 22 + 100 : 22))
    expect(Array.from(offsets.slice(0, 5))).toEqual([0, 22, 44, 166, 188])
    expect(visibleRows(offsets, 150, 30, 0)).toEqual([2, 4]) // rows 2 (44..166) and 3 (166..188) meet 150..180; 4 starts at 188
  })
})

describe('JSON lines as a foldable tree', () => {
  const line = '{"msg":"slow query","user":{"id":"U42","admin":false},"items":[1,null],"empty":{},"a-b":2.5}'
  const tree = buildJsonTree(parseJsonLine(line))
  const drawn = (folded: Set<string>) => visibleJsonLines(tree, folded)
    .map((l) => `${'  '.repeat(l.depth)}${l.key === null ? '' : `${l.key}: `}${l.text}${l.folded ? ` ${l.summary}` : ''}|${l.kind}`)

  it('builds typed nodes with their paths, in the line\'s key order', () => {
    expect(tree.kind).toBe('object')
    expect(tree.children.map((c) => [c.key, c.path, c.kind, c.text])).toEqual([
      ['msg', '$.msg', 'string', '"slow query"'],
      ['user', '$.user', 'object', ''],
      ['items', '$.items', 'array', ''],
      ['empty', '$.empty', 'object', ''],
      ['a-b', '$["a-b"]', 'number', '2.5'],
    ])
    expect(tree.children[1].children.map((c) => [c.path, c.depth, c.kind, c.text])).toEqual([
      ['$.user.id', 2, 'string', '"U42"'], ['$.user.admin', 2, 'boolean', 'false']])
    expect(tree.children[2].children.map((c) => [c.key, c.path, c.kind, c.text])).toEqual([
      [0, '$.items[0]', 'number', '1'], [1, '$.items[1]', 'null', 'null']])
  })

  it('draws every level unfolded: an opening and a closing line per non-empty container', () => {
    expect(drawn(new Set())).toEqual([
      '{|object',
      '  msg: "slow query"|string',
      '  user: {|object',
      '    id: "U42"|string',
      '    admin: false|boolean',
      '  }|object',
      '  items: [|array',
      '    0: 1|number',
      '    1: null|null',
      '  ]|array',
      '  empty: {}|object',
      '  a-b: 2.5|number',
      '}|object',
    ])
  })

  it('folds one level into a single summary line and unfolds it again', () => {
    const folded = toggleFold(new Set(), '$.user')
    expect(drawn(folded).slice(1, 4)).toEqual(['  msg: "slow query"|string', '  user: {…} 2 keys|object', '  items: [|array'])
    expect(drawn(folded)).toHaveLength(10) // open + 2 members + close become one line
    expect(drawn(toggleFold(folded, '$.items'))).toContain('  items: […] 2 items|array')
    expect(drawn(toggleFold(folded, '$.user'))).toHaveLength(13)
    expect(drawn(new Set(['$']))).toEqual(['{…} 5 keys|object'])
  })

  it('takes scalars and arrays at the root', () => {
    expect(visibleJsonLines(buildJsonTree([true, 'x']), new Set()).map((l) => l.text)).toEqual(['[', 'true', '"x"', ']'])
    expect(visibleJsonLines(buildJsonTree(7), new Set()).map((l) => [l.role, l.text])).toEqual([['leaf', '7']])
  })

  it('gives an expanded row the height of its visible tree lines', () => {
    const heights = [22, 22 + drawn(new Set()).length * 16 + 8, 22]
    expect(Array.from(rowOffsets(3, (i) => heights[i]))).toEqual([0, 22, 260, 282]) // 22 + (22 + 13 × 16 + 8)
  })
})

describe('spanLogsQuery', () => {
  it('opens the log explorer on the span: its service, trace and span IDs, a minute either side', () => {
    const start = Date.UTC(2026, 11, 6, 22, 0, 0) * 1000
    const query = spanLogsQuery('order-service', 'ABC123', '00f067aa0ba902b7', start, 4_500_000)
    expect(query.query).toBe('{service_name="order-service"} | trace_id="00000000000000000000000000abc123" | span_id="00f067aa0ba902b7"')
    expect(query.lookback).toBeUndefined()
    expect(rangeFromQuery(query)).toEqual({ kind: 'absolute', start: start / 1000 - 60_000, end: start / 1000 + 4_500 + 60_000 })
    expect(spanLogsQuery('a"b', 't', 's', 0, 0).query).toContain('{service_name="a\\"b"}')
  })
})

describe('categorized labels', () => {
  it('keeps stream labels and structured metadata apart, in either answer shape', () => {
    const [categorized] = rowsFromStreams([{ stream: { service_name: 'order-service', level: 'warn' },
      values: [['1700000000000000000', 'slow query', { structuredMetadata: { trace_id: 'abc', span_id: '01' } }]] }])
    expect(categorized.stream).toEqual({ service_name: 'order-service', level: 'warn' })
    expect(categorized.metadata).toEqual({ trace_id: 'abc', span_id: '01' })
    expect(categorized.labels).toMatchObject({ service_name: 'order-service', trace_id: 'abc' })
    expect(categorized.traceId).toBe('abc')
    const [flat] = rowsFromStreams([{ stream: { app: 'x' }, values: [['1', 'l', { user: 'ann' }]] }])
    expect(flat.metadata).toEqual({ user: 'ann' })
    const [none] = rowsFromStreams([{ stream: { app: 'x' }, values: [['1', 'l', {}]] }])
    expect(none.metadata).toEqual({})
  })
})
