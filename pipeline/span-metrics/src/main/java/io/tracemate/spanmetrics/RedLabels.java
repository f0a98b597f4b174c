package io.tracemate.spanmetrics;

/**
 * Label names of the internal RED series ({@link io.tracemate.red.SeriesKey}) that span metrics record: the
 * service, the span name, the span kind (the model's enum name: SERVER, CLIENT, ...), plus each configured
 * dimension under its attribute name (e.g. {@code http.route}) when the span or its resource has it (or the
 * dimension has a default). The status is not a label: errors are counted inside each series.
 */
public final class RedLabels {
  public static final String SERVICE = "service";
  public static final String SPAN_NAME = "span_name";
  public static final String SPAN_KIND = "span_kind";

  /** The instance (pod, process) of a per-instance series. */
  public static final String INSTANCE = "instance";

  private RedLabels() {}
}
