import { parseDuration } from './format'

/** The trace search form; every field is a string as typed, kept in the URL so searches are shareable. */
export interface SearchForm {
  service: string
  operation: string
  tags: string
  minDuration: string
  maxDuration: string
  /** "15m", "1h", ... or "custom" (then start and end apply). */
  lookback: string
  /** Microseconds since the epoch, as Jaeger's API and UI write them. */
  start: string
  end: string
  limit: string
  /** '' (the newest traces, Jaeger's order) or 'duration' (the slowest of the range: the limit keeps those). */
  orderBy: string
}

export const LOOKBACKS = ['5m', '15m', '30m', '1h', '3h', '6h', '12h', '24h', '2d', '7d', 'custom'] as const
export const DEFAULT_LIMIT = '20'

export function emptyForm(): SearchForm {
  return { service: '', operation: '', tags: '', minDuration: '', maxDuration: '', lookback: '1h', start: '', end: '',
    limit: DEFAULT_LIMIT, orderBy: '' }
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
  // A shared link with explicit times but no lookback means exactly those times.
  if (first('lookback') === undefined && (form.start !== '' || form.end !== '')) form.lookback = 'custom'
  return form
}

/** The URL query for the form: only what differs from an empty form, in a stable order. */
export function queryFromForm(form: SearchForm): Record<string, string> {
  const defaults = emptyForm()
  const query: Record<string, string> = {}
  for (const key of Object.keys(defaults) as (keyof SearchForm)[]) {
    if (form.lookback !== 'custom' && (key === 'start' || key === 'end')) continue
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
  if (form.lookback === 'custom') {
    if (form.start !== '' && !/^\d+$/.test(form.start)) problems.push('Start time is not a time')
    if (form.end !== '' && !/^\d+$/.test(form.end)) problems.push('End time is not a time')
    if (/^\d+$/.test(form.start) && /^\d+$/.test(form.end) && Number(form.start) > Number(form.end)) {
      problems.push('Start time is after end time')
    }
  } else if (lookbackMicros(form.lookback) === null) {
    problems.push(`Time range "${form.lookback}" is not one of ${LOOKBACKS.join(', ')}`)
  }
  if (form.operation !== '' && form.service === '') problems.push('Pick a service to search by operation')
  if (form.orderBy !== '' && form.orderBy !== 'duration') problems.push(`Order "${form.orderBy}" is not one of: newest, duration`)
  return problems
}

export function lookbackMicros(lookback: string): number | null {
  if (lookback === 'custom') return null
  const match = /^(\d+)([mhd])$/.exec(lookback)
  if (!match) return null
  return Number(match[1]) * { m: 60e6, h: 3600e6, d: 86400e6 }[match[2] as 'm' | 'h' | 'd']
}

/** Parameters of Jaeger's GET /api/traces for a valid form; a lookback ends at `nowMicros`. */
export function apiParams(form: SearchForm, nowMicros: number): URLSearchParams {
  const params = new URLSearchParams()
  const set = (key: string, value: string) => { if (value.trim() !== '') params.set(key, value.trim()) }
  set('service', form.service)
  set('operation', form.operation)
  set('tags', form.tags)
  set('minDuration', form.minDuration.replace('µs', 'us'))
  set('maxDuration', form.maxDuration.replace('µs', 'us'))
  if (form.lookback === 'custom') {
    set('start', form.start)
    set('end', form.end)
  } else {
    const lookback = lookbackMicros(form.lookback) ?? 3600e6
    params.set('start', String(Math.round(nowMicros - lookback)))
    params.set('end', String(Math.round(nowMicros)))
  }
  set('limit', form.limit === '' ? DEFAULT_LIMIT : form.limit)
  set('orderBy', form.orderBy)
  return params
}
