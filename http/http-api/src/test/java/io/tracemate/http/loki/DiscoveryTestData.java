package io.tracemate.http.loki;

import static io.tracemate.http.loki.LokiTestData.MINUTE;
import static io.tracemate.http.loki.LokiTestData.NOW_NANOS;

import io.tracemate.logs.memory.InMemoryLogStore;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Logs of three services in three formats, for the discovery endpoints: checkout writes JSON (info, pod 1) and
 * logfmt (errors, pod 2), billing writes plain text; one stream of another tenant.
 */
final class DiscoveryTestData {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final LabelSet CHECKOUT_INFO =
      LabelSet.of(
          "service_name",
          "checkout",
          "level",
          "info",
          "namespace",
          "shop",
          "pod",
          "checkout-1",
          "shard",
          "1");
  static final LabelSet CHECKOUT_ERROR =
      LabelSet.of(
          "service_name",
          "checkout",
          "level",
          "error",
          "namespace",
          "shop",
          "pod",
          "checkout-2",
          "shard",
          "2");
  static final LabelSet BILLING =
      LabelSet.of(
          "service_name",
          "billing",
          "level",
          "info",
          "namespace",
          "shop",
          "pod",
          "billing-1",
          "shard",
          "3");
  static final LabelSet OTHER_TENANT = LabelSet.of("service_name", "secret");

  static final List<LogEntry> CHECKOUT_JSON = new ArrayList<>();
  static final List<LogEntry> CHECKOUT_LOGFMT = new ArrayList<>();
  static final List<LogEntry> BILLING_TEXT = new ArrayList<>();

  static {
    String[] sizes = {"1.5KiB", "2KiB", "512B"};
    for (int i = 0; i < 10; i++) {
      CHECKOUT_JSON.add(
          new LogEntry(
              ago(50 - i),
              "{\"msg\":\"order "
                  + (1001 + i)
                  + " placed by u-"
                  + (i % 4)
                  + "\",\"user\":{\"id\":\"u-"
                  + (i % 4)
                  + "\",\"tier\":\"gold\"},\"amount\":"
                  + (10 + i)
                  + ".5,"
                  + "\"took\":\""
                  + (15 + i)
                  + "ms\",\"size\":\""
                  + sizes[i % 3]
                  + "\",\"tags\":[\"a\"]}",
              LabelSet.of("trace_id", TRACE)));
    }
    for (int i = 0; i < 4; i++) {
      CHECKOUT_LOGFMT.add(
          new LogEntry(
              ago(40 - i),
              "level=error msg=\"payment declined\" code=" + (402 + i % 2) + " user=u-" + (7 + i)));
    }
    for (int i = 0; i < 6; i++) {
      BILLING_TEXT.add(
          new LogEntry(ago(30 - i), "invoice " + (17 + i) + " sent to customer " + (42 + i)));
    }
  }

  private DiscoveryTestData() {}

  static long ago(int minutes) {
    return NOW_NANOS - minutes * MINUTE;
  }

  static long bytes(List<LogEntry> entries) {
    return entries.stream().mapToLong(LogEntry::lineBytes).sum();
  }

  static void fill(InMemoryLogStore store) {
    store.clear();
    store
        .writer()
        .write(
            0,
            "fake",
            List.of(
                new LogStream(CHECKOUT_INFO, CHECKOUT_JSON),
                new LogStream(CHECKOUT_ERROR, CHECKOUT_LOGFMT),
                new LogStream(BILLING, BILLING_TEXT)));
    store
        .writer()
        .write(
            0,
            "team-b",
            List.of(
                new LogStream(
                    OTHER_TENANT, List.of(new LogEntry(ago(20), "not yours at all, really")))));
  }
}
