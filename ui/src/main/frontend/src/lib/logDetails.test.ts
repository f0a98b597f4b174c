import { describe, expect, it } from 'vitest'
import { lineException, lineLevel, parsedFields, rememberQuery, streamSelector, withFieldFilter, wrappedLines } from './logDetails'

describe('parsedFields', () => {
  it('flattens JSON lines as Loki names them', () => {
    expect(parsedFields('{"level":"warn","db":{"table":"audit_log","rows":18},"ok":false}')).toEqual([
      { name: 'level', value: 'warn', source: 'json' },
      { name: 'db_table', value: 'audit_log', source: 'json' },
      { name: 'db_rows', value: '18', source: 'json' },
      { name: 'ok', value: 'false', source: 'json' },
    ])
  })

  it('reads logfmt pairs, quoted values unescaped', () => {
    expect(parsedFields('level=warn msg="slow \\"audit\\" query" took=4.5s trace_id=abc')).toEqual([
      { name: 'level', value: 'warn', source: 'logfmt' },
      { name: 'msg', value: 'slow "audit" query', source: 'logfmt' },
      { name: 'took', value: '4.5s', source: 'logfmt' },
      { name: 'trace_id', value: 'abc', source: 'logfmt' },
    ])
    expect(parsedFields('just words here')).toEqual([])
  })
})

describe('withFieldFilter', () => {
  const base = '{service_name="order-service"} |= "audit_log"'

  it('puts a stream label filtered for into the selector, the rest into label filters', () => {
    expect(withFieldFilter(base, { name: 'pod', value: 'order-7', source: 'label' }, '='))
      .toBe('{service_name="order-service", pod="order-7"} |= "audit_log"')
    expect(withFieldFilter(base, { name: 'pod', value: 'order-7', source: 'label' }, '!='))
      .toBe('{service_name="order-service"} |= "audit_log" | pod!="order-7"')
    expect(withFieldFilter(base, { name: 'trace_id', value: 'abc', source: 'metadata' }, '='))
      .toBe('{service_name="order-service"} |= "audit_log" | trace_id="abc"')
  })

  it('adds the parser a parsed field needs, once', () => {
    expect(withFieldFilter(base, { name: 'db_table', value: 'audit_log', source: 'json' }, '='))
      .toBe('{service_name="order-service"} |= "audit_log" | json | db_table="audit_log"')
    expect(withFieldFilter(`${base} | json`, { name: 'ok', value: 'false', source: 'json' }, '!='))
      .toBe('{service_name="order-service"} |= "audit_log" | json | ok!="false"')
    expect(withFieldFilter(base, { name: 'msg', value: 'a "b"', source: 'logfmt' }, '='))
      .toBe('{service_name="order-service"} |= "audit_log" | logfmt | msg="a \\"b\\""')
  })

  it('leaves metric queries and text without a selector alone, and copes with braces in quotes', () => {
    const metric = 'sum(count_over_time({a="b"}[1m]))'
    expect(withFieldFilter(metric, { name: 'x', value: 'y', source: 'label' }, '=')).toBe(metric)
    expect(withFieldFilter('{a="}"}', { name: 'x', value: 'y', source: 'label' }, '=')).toBe('{a="}", x="y"}')
    expect(withFieldFilter('{}', { name: 'x', value: 'y', source: 'label' }, '=')).toBe('{x="y"}')
  })
})

describe('the rest', () => {
  it('selects exactly one stream', () => {
    expect(streamSelector({ service_name: 'order-service', level: 'warn' })).toBe('{level="warn", service_name="order-service"}')
  })

  it('finds the exception a line reports in its metadata', () => {
    const trace = 'java.lang.NullPointerException: boom\n\tat io.shop.Order.address(Order.java:42)'
    expect(lineException({ exception_type: 'java.lang.NullPointerException', exception_message: 'boom',
      exception_stacktrace: trace, trace_id: 'abc' }))
      .toEqual({ type: 'java.lang.NullPointerException', message: 'boom', stacktrace: trace })
    expect(lineException({ exception_stacktrace: trace })).toEqual({ type: '', message: '', stacktrace: trace })
    expect(lineException({ trace_id: 'abc' })).toBeNull()
    expect(lineException(undefined)).toBeNull()
  })

  it('normalises levels for colours', () => {
    expect(lineLevel({ level: 'WARNING' })).toBe('warn')
    expect(lineLevel({ detected_level: 'error' })).toBe('error')
    expect(lineLevel({})).toBe('')
  })

  it('keeps query history recent-first without repeats', () => {
    expect(rememberQuery(['{a="1"}', '{b="2"}'], ' {b="2"} ')).toEqual(['{b="2"}', '{a="1"}'])
    expect(rememberQuery(['x'], '  ')).toEqual(['x'])
    expect(rememberQuery(Array.from({ length: 20 }, (_, i) => `q${i}`), 'new')).toHaveLength(20)
  })

  it('estimates wrapped heights', () => {
    expect(wrappedLines('a'.repeat(250), 100)).toBe(3)
    expect(wrappedLines('one\ntwo', 100)).toBe(2)
    expect(wrappedLines('', 100)).toBe(1)
  })
})
