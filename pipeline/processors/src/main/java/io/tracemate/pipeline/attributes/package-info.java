/**
 * The collector's attributes processor for spans. {@link io.tracemate.pipeline.attributes.ActionCompiler}
 * validates action configs with the collector's rules and compiles them into the sealed
 * {@link io.tracemate.pipeline.attributes.AttributeAction} records; each action edits one span's attributes
 * through a copy-on-write {@link io.tracemate.pipeline.attributes.AttributeEditor}, so spans no action touches
 * are passed on without a copy. {@link io.tracemate.pipeline.attributes.SpanMatcher} implements include/exclude.
 *
 * <p>Where the collector's Go implementation and Java differ, the collector wins: hash values and convert
 * results are byte-for-byte the collector's, regexes are unanchored (RE2 MatchString), Go's named-group
 * syntax {@code (?P<name>)} with underscores is accepted ({@link io.tracemate.pipeline.attributes.Regexes}).
 * Deliberate differences are documented where they are made (rename and bool conversion are additions;
 * from_context is refused because there is no client metadata at this point).
 */
package io.tracemate.pipeline.attributes;
