import { describe, expect, it } from 'vitest'
import { apiParams, emptyForm, formFromQuery, queryFromForm, validateForm } from './searchState'

describe('URL ↔ search form', () => {
  it('round-trips a filled form through the URL query', () => {
    const form = { ...emptyForm(), service: 'order-service', operation: 'GET /orders', tags: 'http.status_code=500',
      minDuration: '100ms', maxDuration: '2s', limit: '50' }

    const query = queryFromForm(form)

    expect(query).toEqual({ service: 'order-service', operation: 'GET /orders', tags: 'http.status_code=500',
      minDuration: '100ms', maxDuration: '2s', limit: '50' })
    expect(formFromQuery(query)).toEqual(form)
  })

  it('leaves defaults, blanks and the time range (the page\'s shared one) out of the form', () => {
    expect(queryFromForm(emptyForm())).toEqual({})
    expect(formFromQuery({ service: 'a', lookback: '6h', start: '1000', end: '2000', limit: ['5', '6'] }))
      .toEqual({ ...emptyForm(), service: 'a', limit: '5' })
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
  })
})

describe('apiParams', () => {
  it('asks for the window in microseconds, as Jaeger\'s API takes it', () => {
    const params = apiParams({ ...emptyForm(), service: 's', minDuration: '300µs' }, { start: 1_000_000 - 900e3, end: 1_000_000 })

    expect(Object.fromEntries(params)).toEqual({ service: 's', minDuration: '300us', start: String((1_000_000 - 900e3) * 1000),
      end: '1000000000', limit: '20' })
  })

  it('asks the server for the slowest traces of the range, so the limit keeps those', () => {
    const form = formFromQuery({ service: 'order-service', orderBy: 'duration', lookback: '1h' })
    expect(queryFromForm(form)).toEqual({ service: 'order-service', orderBy: 'duration' })
    expect(apiParams(form, { start: 0, end: 1 }).get('orderBy')).toBe('duration')
    expect(validateForm({ ...form, orderBy: 'size' })).toEqual(['Order "size" is not one of: newest, duration'])
  })
})
