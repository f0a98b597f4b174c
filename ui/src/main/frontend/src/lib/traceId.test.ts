import { describe, expect, it } from 'vitest'
import { parseTraceId, shortIdPrefix } from './traceId'

describe('parseTraceId', () => {
  it.each([
    ['4bf92f3577b34da6a3ce929d0e0e4736', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['  4BF92F3577B34DA6A3CE929D0E0E4736\n', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['a3ce929d0e0e4736', '0000000000000000a3ce929d0e0e4736'],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['Traceparent=00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['X-B3-TraceId: 4bf92f3577b34da6a3ce929d0e0e4736', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['trace_id=4bf92f3577b34da6a3ce929d0e0e4736', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['"traceId": "4bf92f3577b34da6a3ce929d0e0e4736",', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['http://host:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736?uiFind=x', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['/search?traceID=abc123', '00000000000000000000000000abc123'],
    ['4bf92f3', '00000000000000000000000004bf92f3'],
  ])('%j → %s', (pasted, expected) => {
    expect(parseTraceId(pasted)).toBe(expected)
  })

  it.each(['', '   ', 'order-service', '0000', '4bf92f3577b34da6a3ce929d0e0e47361', 'xyz', 'span_id: 00f067aa'])(
    '%j is not a trace ID', (pasted) => {
      expect(parseTraceId(pasted)).toBeNull()
    })
})

describe('shortIdPrefix', () => {
  it('offers the digits of a short ID as a prefix, never of a whole one', () => {
    expect(shortIdPrefix('4BF92F3')).toBe('4bf92f3')
    expect(shortIdPrefix('a3ce929d0e0e4736')).toBe('a3ce929d0e0e4736')
    expect(shortIdPrefix('4bf92f3577b34da6a3ce929d0e0e4736')).toBeNull()
    expect(shortIdPrefix('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeNull()
    expect(shortIdPrefix('nope')).toBeNull()
  })
})
