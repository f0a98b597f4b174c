import { describe, expect, it } from 'vitest'
import { initialTheme } from './theme'

describe('initialTheme', () => {
  it('keeps a saved choice, else follows the system', () => {
    expect(initialTheme('dark', false)).toBe('dark')
    expect(initialTheme('light', true)).toBe('light')
    expect(initialTheme(null, true)).toBe('dark')
    expect(initialTheme('purple', false)).toBe('light')
  })
})
