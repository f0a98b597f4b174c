import { describe, expect, it } from 'vitest'
import { readableTextColor, serviceColor } from './colors'

describe('readableTextColor', () => {
  it('writes dark on light bars and light on dark ones', () => {
    expect(readableTextColor('#edc948')).toBe('#000000') // yellow
    expect(readableTextColor('#f1ce63')).toBe('#000000')
    expect(readableTextColor('#1f3a5f')).toBe('#ffffff') // navy
    expect(readableTextColor('#d93025')).toBe('#ffffff') // error red
    expect(readableTextColor('not a colour')).toBe('#000000')
  })

  it('gives every service colour a label colour with a contrast of at least 4.5:1', () => {
    const luminance = (hex: string) => {
      const c = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    }
    for (let i = 0; i < 200; i++) {
      const bar = serviceColor(`service-${i}`)
      const text = readableTextColor(bar)
      const [hi, lo] = [luminance(bar), luminance(text)].sort((a, b) => b - a)
      expect((hi + 0.05) / (lo + 0.05), `${text} on ${bar}`).toBeGreaterThanOrEqual(4.5)
    }
  })
})
