/**
 * Light or dark: the person's choice saved in this browser, else the system's preference. One shared ref; the
 * choice is applied as data-theme on <html>, which style.css's variables follow.
 */
import { ref, watch } from 'vue'

export type Theme = 'light' | 'dark'
const KEY = 'tracemate.theme'

/** The saved choice if valid, else the system preference. */
export function initialTheme(saved: string | null, prefersDark: boolean): Theme {
  return saved === 'light' || saved === 'dark' ? saved : prefersDark ? 'dark' : 'light'
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(KEY)
  } catch {
    return null
  }
}

export const theme = ref<Theme>(initialTheme(readSaved(),
  typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches === true))

watch(theme, (value) => {
  document.documentElement.dataset.theme = value
  try {
    localStorage.setItem(KEY, value)
  } catch {
    // private mode: the choice lasts this page
  }
}, { immediate: typeof document !== 'undefined' })
