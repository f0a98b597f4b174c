package io.tracemate.logs;

import io.tracemate.logs.model.LabelSet;

/**
 * A stream as a store knows it: an opaque handle for {@link LogReader#entries} plus its labels.
 *
 * @param id store-specific; valid only for the reader that returned it, only as long as that reader is open
 */
public record StreamRef(long id, LabelSet labels) {}
