/**
 * Links to the alerts page (views/AlertsPage.vue), whose filters live in its URL: `alertname` and `service` narrow
 * the alerts, the history and the silences shown. Kept apart from the page's logic so the topology imports little.
 */
export function alertsPageQuery(alertname: string | null, service: string | null,
  time: Record<string, string> = {}): Record<string, string> {
  const query: Record<string, string> = { ...time }
  if (alertname) query.alertname = alertname
  if (service) query.service = service
  return query
}
