package io.tracemate.http.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.logql.engine.ResultStreamEntry;
import io.tracemate.logql.engine.TailFilter;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class LogTailHubTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Executor DIRECT = Runnable::run;
  static final LabelSet API = LabelSet.of("app", "api");
  static final LabelSet DB = LabelSet.of("app", "db");

  /** {app="api"} |~ "^(?!drop)" with a parsed label level=info added. */
  static final TailFilter API_ONLY =
      new TailFilter() {
        @Override
        public boolean matchesStream(LabelSet stream) {
          return "api".equals(stream.get("app"));
        }

        @Override
        public ResultStreamEntry apply(LabelSet stream, LogEntry entry) {
          return entry.line().startsWith("drop")
              ? null
              : new ResultStreamEntry(stream.with("level", "info"), entry);
        }
      };

  /** Records messages; completes each send at once unless told to hold them. */
  static final class RecordingSink implements TailSubscription.Sink {
    final List<String> messages = new ArrayList<>();
    final List<CompletableFuture<Void>> held = new ArrayList<>();
    boolean hold;

    @Override
    public CompletableFuture<Void> send(String message) {
      messages.add(message);
      if (!hold) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> future = new CompletableFuture<>();
      held.add(future);
      return future;
    }
  }

  static LogStream stream(LabelSet labels, String... lines) {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      entries.add(new LogEntry(1000 + i, lines[i]));
    }
    return new LogStream(labels, entries);
  }

  @Test
  void deliversMatchingEntriesOnceStarted() throws Exception {
    LogTailHub hub = new LogTailHub(2, 100);
    RecordingSink sink = new RecordingSink();
    TailSubscription tail = hub.subscribe(TenantScope.DEFAULT, API_ONLY, sink, DIRECT);
    hub.publish("fake", List.of(stream(API, "one", "drop me", "two"), stream(DB, "not mine")));
    hub.publish("other-tenant", List.of(stream(API, "not mine either")));
    assertThat(sink.messages).as("paused until start").isEmpty();

    tail.start();

    assertThat(sink.messages).hasSize(1);
    assertThat(JSON.readTree(sink.messages.getFirst()))
        .isEqualTo(
            JSON.readTree(
                """
        {"streams":[{"stream":{"app":"api","level":"info"},"values":[["1000","one"],["1002","two"]]}],
         "dropped_entries":null}"""));

    hub.publish("fake", List.of(stream(API, "three")));
    assertThat(sink.messages).hasSize(2);
    assertThat(JSON.readTree(sink.messages.get(1)).at("/streams/0/values/0/1").asText())
        .isEqualTo("three");
  }

  @Test
  void aSlowClientLosesTheOverflowAndIsToldWhat() throws Exception {
    LogTailHub hub = new LogTailHub(2, 2);
    RecordingSink sink = new RecordingSink();
    sink.hold = true;
    TailSubscription tail = hub.subscribe(TenantScope.DEFAULT, API_ONLY, sink, DIRECT);
    tail.start();
    hub.publish("fake", List.of(stream(API, "first")));
    assertThat(sink.messages).hasSize(1); // in flight, not yet taken by the client

    hub.publish("fake", List.of(stream(API, "a", "b", "c")));
    assertThat(sink.messages).as("one message in flight at a time").hasSize(1);
    assertThat(tail.droppedTotal()).isEqualTo(1);

    sink.held.getFirst().complete(null);
    assertThat(sink.messages).hasSize(2);
    assertThat(JSON.readTree(sink.messages.get(1)))
        .isEqualTo(
            JSON.readTree(
                """
        {"streams":[{"stream":{"app":"api","level":"info"},"values":[["1000","a"],["1001","b"]]}],
         "dropped_entries":[{"labels":{"app":"api"},"timestamp":"1002"}]}"""));
  }

  @Test
  void aFailedSendEndsTheTail() {
    LogTailHub hub = new LogTailHub(1, 10);
    TailSubscription tail =
        hub.subscribe(
            TenantScope.DEFAULT,
            API_ONLY,
            message -> CompletableFuture.failedFuture(new IllegalStateException("closed")),
            DIRECT);
    tail.start();
    hub.publish("fake", List.of(stream(API, "x")));
    assertThat(tail.isClosed()).isTrue();
    assertThat(hub.subscribers()).isZero();
  }

  @Test
  void concurrentTailsAreCapped() {
    LogTailHub hub = new LogTailHub(1, 10);
    TailSubscription first =
        hub.subscribe(TenantScope.DEFAULT, API_ONLY, new RecordingSink(), DIRECT);
    assertThatThrownBy(
            () -> hub.subscribe(TenantScope.DEFAULT, API_ONLY, new RecordingSink(), DIRECT))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("max concurrent tail requests limit exceeded, count > limit (2 > 1)");
    first.close();
    assertThat(hub.subscribers()).isZero();
    hub.subscribe(TenantScope.DEFAULT, API_ONLY, new RecordingSink(), DIRECT).close();
  }

  @Test
  void configurationIsValidated() {
    assertThatThrownBy(() -> new LogTailHub(0, 1)).hasMessageContaining("maxSubscribers");
    assertThatThrownBy(() -> new LogTailHub(1, 0)).hasMessageContaining("queueCapacity");
  }
}
