import { describe, expect, it } from 'vitest'
import { carriedRange, presetsWith, TIME_PRESETS } from './timeRange'

describe('the shared time range', () => {
  it('carries a relative range between pages, never a custom one or junk', () => {
    expect(carriedRange({ lookback: '6h', service: 'x' })).toEqual({ lookback: '6h' })
    expect(carriedRange({ lookback: 'custom', start: '1' })).toEqual({})
    expect(carriedRange({ lookback: ['1h'] })).toEqual({})
    expect(carriedRange({})).toEqual({})
  })

  it('offers the same presets everywhere, plus an odd value a link brought', () => {
    expect(presetsWith('1h')).toEqual([...TIME_PRESETS])
    expect(presetsWith('45m')).toEqual([...TIME_PRESETS, '45m'])
    expect(presetsWith('7d', ['1h', '24h'])).toEqual(['1h', '24h', '7d'])
  })
})
