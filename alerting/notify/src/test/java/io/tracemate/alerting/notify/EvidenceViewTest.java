package io.tracemate.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.alerting.model.Evidence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceViewTest {
  private static final String EXTERNAL = "https://tracemate.bank.example";

  @Test
  void exemplarTraceIdsBecomeAnnotationsWithTheFirstTraceAsTheEvidenceUrl() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add("%032x".formatted(i + 1));
    }
    EvidenceView view = EvidenceView.of(new Evidence(List.of(), ids), EXTERNAL + "/");

    assertThat(view.traceIds()).hasSize(EvidenceView.MAX_TRACE_IDS).startsWith(ids.get(0));
    assertThat(view.annotations())
        .containsEntry(
            "tracemate_trace_ids", String.join(",", ids.subList(0, EvidenceView.MAX_TRACE_IDS)))
        .containsEntry("tracemate_evidence_url", EXTERNAL + "/trace/" + ids.get(0))
        .doesNotContainKey("tracemate_evidence_logs");
    assertThat(view.annotations().get("tracemate_trace_urls").split("\n"))
        .hasSize(EvidenceView.MAX_TRACE_IDS)
        .startsWith(EXTERNAL + "/trace/" + ids.get(0));
  }

  @Test
  void evidenceWithItsOwnLinkKeepsIt() {
    String logs = EXTERNAL + "/logs?query=%7Bapp%3D%22api%22%7D&start=1&end=2";
    Evidence evidence =
        new Evidence(
            List.of(
                new Evidence.LogLine(
                    java.util.Map.of("app", "api"), java.time.Instant.EPOCH, "error: timeout")),
            List.of("4bf92f3577b34da6a3ce929d0e0e4736"),
            logs);

    assertThat(EvidenceView.of(evidence, EXTERNAL).annotations())
        .containsEntry("tracemate_evidence_url", logs)
        .containsEntry("tracemate_evidence_logs", "1970-01-01T00:00:00Z error: timeout");
  }

  @Test
  void withoutAnExternalUrlThereAreIdsButNoLinksOfTheNotifiers() {
    EvidenceView view =
        EvidenceView.of(new Evidence(List.of(), List.of("4bf92f3577b34da6a3ce929d0e0e4736")), "");

    assertThat(view.annotations())
        .containsOnlyKeys("tracemate_trace_ids")
        .containsEntry("tracemate_trace_ids", "4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(EvidenceView.of(Evidence.NONE, EXTERNAL).annotations()).isEmpty();
  }
}
