import { describe, expect, it } from 'vitest'
import { applyCompletion, completionContext, filterCandidates, isLogQuery, streamSelector, volumeQuery } from './logql'

/** The context at the `|` marker of the text. */
function at(marked: string) {
  const cursor = marked.indexOf('|')
  return completionContext(marked.slice(0, cursor) + marked.slice(cursor + 1), cursor)
}

describe('completionContext', () => {
  it.each([
    ['{|', { kind: 'label-name', prefix: '', from: 1, to: 1 }],
    ['{serv|', { kind: 'label-name', prefix: 'serv', from: 1, to: 5 }],
    ['{ser|vice}', { kind: 'label-name', prefix: 'ser', from: 1, to: 8 }],
    ['{a="b", |', { kind: 'label-name', prefix: '', from: 8, to: 8 }],
    ['{a="b",le|}', { kind: 'label-name', prefix: 'le', from: 7, to: 9 }],
  ])('label name position in %s', (text, expected) => {
    expect(at(text)).toEqual(expected)
  })

  it.each([
    ['{service_name="|', 'service_name', '', 15, 15, true],
    ['{service_name="ord|', 'service_name', 'ord', 15, 18, true],
    ['{service_name="ord|er"}', 'service_name', 'ord', 15, 20, true],
    ['{a="x", level!~"w|', 'level', 'w', 16, 17, true],
    ['{a="x,y", level = "|', 'level', '', 19, 19, true],
    ['{level=|', 'level', '', 7, 7, false],
    ['{a="\\"{", b="|', 'b', '', 13, 13, true],
  ])('label value position in %s', (text, label, prefix, from, to, quoted) => {
    expect(at(text)).toEqual({ kind: 'label-value', label, prefix, from, to, quoted })
  })

  it.each([
    'sum(|', '{a="b"} |= "|', '{a="b"} | json |', 'rate({a="b"}[1m]) |', '{a="b"} |= "{|', '{a="b" |= |',
  ])('no completion outside a selector: %s', (text) => {
    expect(at(text)).toBeNull()
  })
})

describe('applyCompletion', () => {
  it('inserts a label name with an empty value and puts the cursor between the quotes', () => {
    const context = completionContext('{a="b", ser', 11)!
    expect(applyCompletion('{a="b", ser', context, 'service_name')).toEqual({ text: '{a="b", service_name=""', cursor: 22 })
  })
  it('keeps an operator that already follows the name', () => {
    const context = completionContext('{ser="x"}', 3)!
    expect(applyCompletion('{ser="x"}', context, 'service_name').text).toBe('{service_name="x"}')
  })
  it('replaces the typed value, escapes it and closes the quote', () => {
    const context = completionContext('{service_name="ord', 18)!
    expect(applyCompletion('{service_name="ord', context, 'order-service')).toEqual({ text: '{service_name="order-service"', cursor: 29 })
    const inside = completionContext('{a="x"}', 5)!
    expect(applyCompletion('{a="x"}', inside, 'say "hi"').text).toBe('{a="say \\"hi\\""}')
  })
  it('quotes a value typed right after the operator', () => {
    const context = completionContext('{level=', 7)!
    expect(applyCompletion('{level=', context, 'warn')).toEqual({ text: '{level="warn"', cursor: 13 })
  })
})

describe('helpers', () => {
  it('filters by prefix, ignoring case and the exact match', () => {
    expect(filterCandidates(['service_name', 'Severity', 'level', 'se'], 'se')).toEqual(['service_name', 'Severity'])
  })
  it('finds the stream selector and builds the volume query', () => {
    expect(streamSelector(' {a="}", b=`x`} |= "y"')).toBe('{a="}", b=`x`}')
    expect(streamSelector('{a="b"')).toBeNull()
    expect(streamSelector('sum(x)')).toBeNull()
    expect(isLogQuery(' {a="b"}')).toBe(true)
    expect(isLogQuery('rate({a="b"}[1m])')).toBe(false)
    expect(volumeQuery('{a="b"} |= "x" ', 60)).toBe('sum(count_over_time({a="b"} |= "x" [60s]))')
  })
})
