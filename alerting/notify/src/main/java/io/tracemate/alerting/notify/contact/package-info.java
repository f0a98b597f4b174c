/**
 * The built-in contact points: one {@link io.tracemate.alerting.notify.contact.Integration} per configured
 * endpoint, grouped into receivers ({@link io.tracemate.alerting.notify.contact.ReceiverConfig}, Alertmanager's
 * {@code receivers} keys plus {@code wecom_configs}, {@code dingtalk_configs}, {@code feishu_configs}). Each
 * writes the body its vendor documents; the chat and mail ones render a {@link
 * io.tracemate.alerting.notify.contact.MessageTemplate} (LogQL's {@code line_format} template implementation,
 * run once for the title and once per alert) in their markup, and bound the message to what the vendor accepts.
 */
package io.tracemate.alerting.notify.contact;
