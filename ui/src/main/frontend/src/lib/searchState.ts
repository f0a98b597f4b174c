import { parseDuration } from './format'
import type { Window } from './timeRange'

/**
 * The trace search form; every field is a string as typed, kept in the URL so searches are shareable. The time
 * range is the page's shared one (lib/timeRange.ts), not a field of the form.
 */
export interface SearchForm {
  service: string
  operation: string
  tags: string
  minDuration: string
  maxDuration: string
  limit: string
  /** '' (the newest traces, Jaeger's order) or 'duration' (the slowest of the range: the limit keeps those). */
  orderBy: string
}

export const DEFAULT_LIMIT = '20'

export function emptyForm(): SearchForm {
  return { service: '', operation: '', tags: '', minDuration: '', maxDuration: '', limit: DEFAULT_LIMIT, orderBy: '' }
}

type Query = Record<string, string | null | (string | null)[] | undefined>

/** The form from the page URL's query; missing or repeated parameters fall back sensibly. */
export function formFromQuery(query: Query): SearchForm {
  const form = emptyForm()
  const first = (key: string): string | undefined => {
    const value = query[key]
    const one = Array.isArray(value) ? value[0] : value
    return one === null || one === undefined ? undefined : String(one)
  }
  for (const key of Object.keys(form) as (keyof SearchForm)[]) {
    const value = first(key)
    if (value !== undefined) form[key] = value
  }
  return form
}

/** The URL query for the form: only what differs from an empty form, in a stable order (time not included). */
export function queryFromForm(form: SearchForm): Record<string, string> {
  const defaults = emptyForm()
  const query: Record<string, string> = {}
  for (const key of Object.keys(defaults) as (keyof SearchForm)[]) {
    const value = form[key].trim()
    if (value !== '' && value !== defaults[key]) query[key] = value
  }
  return query
}

/** What is wrong with the form, one message per problem, naming the field. */
export function validateForm(form: SearchForm): string[] {
  const problems: string[] = []
  for (const field of ['minDuration', 'maxDuration'] as const) {
    if (form[field].trim() !== '' && parseDuration(form[field]) === null) {
      problems.push(`${field === 'minDuration' ? 'Min' : 'Max'} duration "${form[field]}" is not a duration like 150ms, 1.5s or 2m`)
    }
  }
  const min = parseDuration(form.minDuration)
  const max = parseDuration(form.maxDuration)
  if (min !== null && max !== null && min > max) problems.push('Min duration is larger than max duration')
  if (form.limit.trim() !== '' && !/^[1-9]\d{0,4}$/.test(form.limit.trim())) {
    problems.push(`Limit "${form.limit}" is not a whole number between 1 and 99999`)
  }
  if (form.operation !== '' && form.service === '') problems.push('Pick a service to search by operation')
  if (form.orderBy !== '' && form.orderBy !== 'duration') problems.push(`Order "${form.orderBy}" is not one of: newest, duration`)
  return problems
}

/** Parameters of Jaeger's GET /api/traces for a valid form over a window (epoch ms; the API takes microseconds). */
export function apiParams(form: SearchForm, window: Window): URLSearchParams {
  const params = new URLSearchParams()
  const set = (key: string, value: string) => { if (value.trim() !== '') params.set(key, value.trim()) }
  set('service', form.service)
  set('operation', form.operation)
  set('tags', form.tags)
  set('minDuration', form.minDuration.replace('µs', 'us'))
  set('maxDuration', form.maxDuration.replace('µs', 'us'))
  params.set('start', String(Math.round(window.start * 1000)))
  params.set('end', String(Math.round(window.end * 1000)))
  set('limit', form.limit === '' ? DEFAULT_LIMIT : form.limit)
  set('orderBy', form.orderBy)
  return params
}
