package io.tracemate.storage;

import io.tracemate.model.SpanKind;

/** A span name as one service uses it, with the kind of span it names. */
public record Operation(String name, SpanKind spanKind) {}
