import { describe, expect, it } from 'vitest'
import { apiParams, emptyForm, formFromQuery, queryFromForm, validateForm } from './searchState'

describe('URL ↔ search form', () => {
  it('round-trips a filled form through the URL query', () => {
    const form = { ...emptyForm(), service: 'order-service', operation: 'GET /orders', tags: 'http.status_code=500',
      minDuration: '100ms', maxDuration: '2s', lookback: '6h', limit: '50' }

    const query = queryFromForm(form)

    expect(query).toEqual({ service: 'order-service', operation: 'GET /orders', tags: 'http.status_code=500',
      minDuration: '100ms', maxDuration: '2s', lookback: '6h', limit: '50' })
    expect(formFromQuery(query)).toEqual(form)
  })

  it('leaves defaults and blanks out of the URL, and start/end unless the range is custom', () => {
    expect(queryFromForm(emptyForm())).toEqual({})
    expect(queryFromForm({ ...emptyForm(), start: '1', end: '2' })).toEqual({})
    expect(queryFromForm({ ...emptyForm(), lookback: 'custom', start: '1', end: '2' }))
      .toEqual({ lookback: 'custom', start: '1', end: '2' })
  })

  it('reads a Jaeger-style link with start and end but no lookback as a custom range', () => {
    const form = formFromQuery({ service: 'a', start: '1000', end: '2000', limit: ['5', '6'] })

    expect(form).toMatchObject({ service: 'a', lookback: 'custom', start: '1000', end: '2000', limit: '5' })
  })
})

describe('validateForm', () => {
  it('accepts the empty form', () => {
    expect(validateForm(emptyForm())).toEqual([])
  })

  it('names each problem', () => {
    expect(validateForm({ ...emptyForm(), minDuration: '5 apples', maxDuration: '1s', limit: '0', operation: 'x' }))
      .toEqual([
        'Min duration "5 apples" is not a duration like 150ms, 1.5s or 2m',
        'Limit "0" is not a whole number between 1 and 99999',
        'Pick a service to search by operation',
      ])
    expect(validateForm({ ...emptyForm(), minDuration: '2s', maxDuration: '1s' }))
      .toEqual(['Min duration is larger than max duration'])
    expect(validateForm({ ...emptyForm(), lookback: 'custom', start: '20', end: '10' }))
      .toEqual(['Start time is after end time'])
  })
})

describe('apiParams', () => {
  it('turns a lookback into start and end in microseconds ending now', () => {
    const params = apiParams({ ...emptyForm(), service: 's', lookback: '15m', minDuration: '300µs' }, 1_000_000_000_000)

    expect(Object.fromEntries(params)).toEqual({ service: 's', minDuration: '300us', start: String(1_000_000_000_000 - 900e6),
      end: '1000000000000', limit: '20' })
  })

  it('asks the server for the slowest traces of the range, so the limit keeps those', () => {
    const form = formFromQuery({ service: 'order-service', orderBy: 'duration', lookback: '1h' })
    expect(queryFromForm(form)).toEqual({ service: 'order-service', orderBy: 'duration' })
    expect(apiParams(form, 1_000_000_000_000).get('orderBy')).toBe('duration')
    expect(validateForm({ ...form, orderBy: 'size' })).toEqual(['Order "size" is not one of: newest, duration'])
  })

  it('passes a custom range through', () => {
    const params = apiParams({ ...emptyForm(), lookback: 'custom', start: '5', end: '9', limit: '3' }, 100)

    expect(Object.fromEntries(params)).toEqual({ start: '5', end: '9', limit: '3' })
  })
})
