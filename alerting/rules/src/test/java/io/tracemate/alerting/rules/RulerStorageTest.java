package io.tracemate.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.InMemorySeriesSource;
import io.tracemate.promql.engine.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where rules come from and go to: the operator's rule directory, the API's files, and the scheduler. */
class RulerStorageTest {
  private static final TenantId TENANT = TenantId.DEFAULT;

  @TempDir Path data;
  @TempDir Path rules;

  private final InMemorySeriesSource series = new InMemorySeriesSource();
  private final List<AlertBatch> batches = new CopyOnWriteArrayList<>();

  private Ruler ruler(RulerSettings settings) {
    return new Ruler(
        settings,
        scope -> series,
        EngineSettings.defaults(),
        null,
        batches::add,
        Clock.systemUTC(),
        new RulerMetrics(null));
  }

  private static final String FILE =
      """
      groups:
        - name: ops
          kind: promql
          rules:
            - alert: Up
              expr: vector(1)
      """;

  @Test
  void ruleDirectoryNamespacesLoadAreReadOnlyAndAreReadAgain() throws Exception {
    Path file = rules.resolve("fake").resolve("ops.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, FILE);
    Files.writeString(
        rules.resolve("fake").resolve("broken.yaml"), "groups: [{name: x, rules: [{alert: a}]}]");
    try (Ruler ruler = ruler(RulerSettings.defaults(data).withRulesDirectory(rules))) {
      ruler.load();
      // The broken file is skipped (and logged); the good one loads, named by its file name as in
      // Loki.
      assertThat(ruler.namespaces(TENANT)).containsOnlyKeys("ops.yaml");
      RuleGroup group = ruler.parser().parseGroup("x", "name: other\nrules: []");
      assertThatThrownBy(() -> ruler.setGroup(TENANT, "ops.yaml", group))
          .hasMessageContaining("loaded from the rule directory");
      assertThatThrownBy(() -> ruler.deleteNamespace(TENANT, "ops.yaml"))
          .isInstanceOf(RuleFormatException.class);

      Files.writeString(file, FILE.replace("name: ops", "name: ops2"));
      ruler.pollRulesDirectory();
      assertThat(ruler.namespace(TENANT, "ops.yaml").orElseThrow())
          .extracting(RuleGroup::name)
          .containsExactly("ops2");
      Files.delete(file);
      ruler.pollRulesDirectory();
      assertThat(ruler.namespaces(TENANT)).isEmpty();
    }
  }

  @Test
  void apiNamespacesAreStoredAndLoadedAgain() {
    try (Ruler ruler = ruler(RulerSettings.defaults(data))) {
      ruler.load();
      ruler.setGroup(TENANT, "../odd/name", ruler.parser().parseFile("f", FILE).getFirst());
      ruler.setGroup(TenantId.parse("other"), "ns", ruler.parser().parseFile("f", FILE).getFirst());
    }
    try (Ruler again = ruler(RulerSettings.defaults(data))) {
      again.load();
      assertThat(again.namespaces(TENANT)).containsOnlyKeys("../odd/name");
      assertThat(again.group(TENANT, "../odd/name", "ops")).isPresent();
      assertThat(again.namespaces(TenantId.parse("other"))).containsOnlyKeys("ns");
      assertThatThrownBy(
              () ->
                  again.setGroup(
                      TENANT, "n".repeat(81), again.parser().parseFile("f", FILE).getFirst()))
          .hasMessageContaining("a namespace must have 1 to 80 bytes, got 81");
      assertThat(again.deleteGroup(TENANT, "../odd/name", "ops")).isTrue();
      assertThat(again.deleteGroup(TENANT, "../odd/name", "ops")).isFalse();
    }
    try (Ruler third = ruler(RulerSettings.defaults(data))) {
      third.load();
      assertThat(third.namespaces(TENANT)).isEmpty();
    }
  }

  @Test
  void tooManyGroupsForATenant() {
    RulerSettings settings = RulerSettings.defaults(data);
    settings =
        new RulerSettings(
            null,
            data,
            settings.evaluationInterval(),
            settings.evaluationDelay(),
            settings.pollInterval(),
            1,
            settings.externalUrl(),
            settings.externalLabels(),
            10,
            1,
            100,
            settings.recordedSeriesRetention(),
            5,
            5,
            1000,
            settings.alertHistory());
    try (Ruler ruler = ruler(settings)) {
      ruler.load();
      RuleGroup group = ruler.parser().parseFile("f", FILE).getFirst();
      ruler.setGroup(TENANT, "a", group);
      ruler.setGroup(TENANT, "a", group); // replacing is not adding
      assertThatThrownBy(() -> ruler.setGroup(TENANT, "b", group))
          .hasMessageContaining("already has 1 rule groups")
          .hasMessageContaining("max_rule_groups_per_tenant");
    }
  }

  @Test
  void theSchedulerEvaluatesGroupsOnTheirInterval() throws Exception {
    series.append(Labels.of("__name__", "x"), System.currentTimeMillis(), 1);
    try (Ruler ruler = ruler(RulerSettings.defaults(data).withEvaluationDelay(Duration.ZERO))) {
      ruler.start();
      ruler.setGroup(
          TENANT,
          "ns",
          ruler
              .parser()
              .parseGroup(
                  "ns",
                  "name: fast\nkind: promql\ninterval: 100ms\nrules:\n  - alert: X\n    expr: vector(1)\n"));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (batches.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
      assertThat(batches.getLast().alerts())
          .singleElement()
          .satisfies(a -> assertThat(a.name()).isEqualTo("X"));
      assertThat(batches.getLast().interval()).isEqualTo(Duration.ofMillis(100));
    }
  }
}
