package io.tracemate.alerting.notify.silence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.alerting.notify.LabelMatcher;
import io.tracemate.alerting.notify.NotifyJson;
import io.tracemate.common.labels.LabelNames;
import io.tracemate.common.tenant.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The silences of every tenant, kept in memory and in one JSON file ({@value #FILE_NAME} in its directory),
 * rewritten whole after every change: written to a temporary file, forced to disk, moved over the old one and the
 * directory forced, so a crash leaves the old file or the new one, never half of one. A change is acknowledged
 * only after that. Expired silences stay listed for {@code retention}, then are dropped.
 *
 * <p>Validation follows Alertmanager's ({@code silence.Validate}): at least one matcher, valid label names,
 * compiling regexes, not every matcher matching the empty string (it would silence everything), {@code endsAt}
 * after {@code startsAt} and not in the past, {@code createdBy} and {@code comment} present; and bounds of our
 * own: {@value #MAX_MATCHERS} matchers, {@value #MAX_TEXT_CHARS} characters of comment or creator, the tenant's
 * limit of pending and active silences. Refusals are {@link IllegalArgumentException}s saying what is wrong.
 *
 * <p>Thread-safe: every method is synchronized (silences change rarely; checks at notification time read a
 * snapshot).
 */
public final class SilenceStore {
  public static final String FILE_NAME = "silences.json";
  static final int MAX_MATCHERS = 64;
  static final int MAX_TEXT_CHARS = 4096;

  private record Entry(Silence silence, List<LabelMatcher.Compiled> compiled) {}

  private final Path file;
  private final SilenceSettings settings;
  private final Clock clock;
  private final Map<String, Entry> silences = new LinkedHashMap<>();
  private volatile List<Entry> snapshot = List.of();

  /**
   * Opens the store in {@code directory}, reading the file when it exists.
   *
   * @throws UncheckedIOException when the file cannot be read or is not a silences file (the server must not
   *     start and then overwrite silences it could not read)
   */
  public SilenceStore(Path directory, SilenceSettings settings, Clock clock) {
    this.file = directory.resolve(FILE_NAME);
    this.settings = settings;
    this.clock = clock;
    try {
      Files.createDirectories(directory);
      if (Files.exists(file)) {
        read();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read silences from " + file + ": " + e.getMessage(), e);
    }
    publish();
  }

  /** What a client asks for: a new silence, or a change to {@code id}. */
  public record Request(
      String id,
      List<LabelMatcher> matchers,
      Instant startsAt,
      Instant endsAt,
      String createdBy,
      String comment) {}

  /**
   * Creates a silence, or changes the one {@code request.id()} names (an expired one is not changed: a new
   * silence is made, as Alertmanager does).
   *
   * @return the silence's ID
   * @throws IllegalArgumentException when the request is not a valid silence, or the tenant has too many
   * @throws SilenceNotFoundException when {@code request.id()} names no silence of the tenant
   */
  public synchronized String upsert(TenantId tenant, Request request) {
    Instant now = clock.instant();
    List<LabelMatcher.Compiled> compiled = validate(request, now);
    String id = UUID.randomUUID().toString();
    if (request.id() != null && !request.id().isEmpty()) {
      Entry existing = silences.get(request.id());
      if (existing == null || !existing.silence().tenant().equals(tenant)) {
        throw new SilenceNotFoundException(request.id());
      }
      if (existing.silence().state(now) != Silence.State.EXPIRED) {
        id = request.id();
      }
    }
    if (!silences.containsKey(id) && countUnexpired(tenant, now) >= settings.maxPerTenant()) {
      throw new IllegalArgumentException(
          "tenant "
              + tenant.value()
              + " already has "
              + settings.maxPerTenant()
              + " pending or active silences (alerting.silences.max_per_tenant)");
    }
    Silence silence =
        new Silence(
            id,
            tenant,
            request.matchers(),
            request.startsAt(),
            request.endsAt(),
            request.createdBy(),
            request.comment(),
            now);
    Map<String, Entry> before = new LinkedHashMap<>(silences);
    silences.put(id, new Entry(silence, compiled));
    commit(before, now);
    return id;
  }

  /**
   * Expires a silence now (a pending one never starts). Expiring an expired silence changes nothing.
   *
   * @throws SilenceNotFoundException when {@code id} names no silence of the tenant
   */
  public synchronized void expire(TenantId tenant, String id) {
    Entry existing = silences.get(id);
    if (existing == null || !existing.silence().tenant().equals(tenant)) {
      throw new SilenceNotFoundException(id);
    }
    Instant now = clock.instant();
    Silence s = existing.silence();
    if (s.state(now) == Silence.State.EXPIRED) {
      return;
    }
    Instant start = s.startsAt().isAfter(now) ? now : s.startsAt();
    Silence expired =
        new Silence(s.id(), s.tenant(), s.matchers(), start, now, s.createdBy(), s.comment(), now);
    Map<String, Entry> before = new LinkedHashMap<>(silences);
    silences.put(id, new Entry(expired, existing.compiled()));
    commit(before, now);
  }

  /** The silences of {@code tenants}, newest first. */
  public synchronized List<Silence> list(Set<TenantId> tenants) {
    return silences.values().stream()
        .map(Entry::silence)
        .filter(s -> tenants.contains(s.tenant()))
        .sorted(Comparator.comparing(Silence::updatedAt).reversed())
        .toList();
  }

  /** @throws SilenceNotFoundException when {@code id} names no silence of {@code tenants} */
  public synchronized Silence get(Set<TenantId> tenants, String id) {
    Entry entry = silences.get(id);
    if (entry == null || !tenants.contains(entry.silence().tenant())) {
      throw new SilenceNotFoundException(id);
    }
    return entry.silence();
  }

  /** Whether an active silence of {@code tenant} matches {@code labels} at {@code now}. Lock-free. */
  public boolean silenced(TenantId tenant, Map<String, String> labels, Instant now) {
    for (Entry entry : snapshot) {
      Silence s = entry.silence();
      if (s.tenant().equals(tenant)
          && s.state(now) == Silence.State.ACTIVE
          && entry.compiled().stream().allMatch(m -> m.matches(labels))) {
        return true;
      }
    }
    return false;
  }

  /** Drops silences expired longer than the retention ago; rewrites the file when it dropped any. */
  public synchronized void collectGarbage() {
    Instant now = clock.instant();
    Map<String, Entry> before = new LinkedHashMap<>(silences);
    if (dropOld(now)) {
      commit(before, now);
    }
  }

  /** Silences by state, for the metrics. */
  public synchronized Map<Silence.State, Integer> countByState() {
    Instant now = clock.instant();
    Map<Silence.State, Integer> counts = new LinkedHashMap<>();
    for (Silence.State state : Silence.State.values()) {
      counts.put(state, 0);
    }
    silences.values().forEach(e -> counts.merge(e.silence().state(now), 1, Integer::sum));
    return counts;
  }

  private long countUnexpired(TenantId tenant, Instant now) {
    return silences.values().stream()
        .map(Entry::silence)
        .filter(s -> s.tenant().equals(tenant) && s.state(now) != Silence.State.EXPIRED)
        .count();
  }

  private boolean dropOld(Instant now) {
    Instant cutoff = now.minus(settings.retention());
    return silences.values().removeIf(e -> e.silence().endsAt().isBefore(cutoff));
  }

  /** Writes the new state; on failure restores {@code before}, so memory never holds what disk does not. */
  private void commit(Map<String, Entry> before, Instant now) {
    dropOld(now);
    try {
      write();
    } catch (IOException e) {
      silences.clear();
      silences.putAll(before);
      throw new UncheckedIOException("cannot write silences to " + file + ": " + e.getMessage(), e);
    }
    publish();
  }

  private void publish() {
    snapshot = List.copyOf(silences.values());
  }

  private static List<LabelMatcher.Compiled> validate(Request request, Instant now) {
    if (request.matchers() == null || request.matchers().isEmpty()) {
      throw new IllegalArgumentException("silence invalid: at least one matcher is required");
    }
    if (request.matchers().size() > MAX_MATCHERS) {
      throw new IllegalArgumentException(
          "silence invalid: at most "
              + MAX_MATCHERS
              + " matchers, got "
              + request.matchers().size());
    }
    List<LabelMatcher.Compiled> compiled = new ArrayList<>();
    boolean allMatchEmpty = true;
    for (LabelMatcher matcher : request.matchers()) {
      if (!LabelNames.isValid(matcher.name())) {
        throw new IllegalArgumentException(
            "silence invalid: invalid label name \"" + matcher.name() + "\"");
      }
      LabelMatcher.Compiled c;
      try {
        c = matcher.compile();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("silence invalid: " + e.getMessage(), e);
      }
      compiled.add(c);
      allMatchEmpty &= c.matches(Map.of());
    }
    if (allMatchEmpty) {
      throw new IllegalArgumentException(
          "silence invalid: at least one matcher must not match the empty string");
    }
    if (request.startsAt() == null || request.endsAt() == null) {
      throw new IllegalArgumentException("silence invalid: startsAt and endsAt are required");
    }
    if (!request.endsAt().isAfter(request.startsAt())) {
      throw new IllegalArgumentException("silence invalid: end time must be after start time");
    }
    if (request.endsAt().isBefore(now)) {
      throw new IllegalArgumentException("silence invalid: end time can't be in the past");
    }
    text(request.createdBy(), "createdBy");
    text(request.comment(), "comment");
    return compiled;
  }

  private static void text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("silence invalid: " + field + " is required");
    }
    if (value.length() > MAX_TEXT_CHARS) {
      throw new IllegalArgumentException(
          "silence invalid: " + field + " longer than " + MAX_TEXT_CHARS + " characters");
    }
  }

  private void write() throws IOException {
    byte[] bytes =
        NotifyJson.bytes(
            out -> {
              out.writeStartObject();
              out.writeNumberField("version", 1);
              out.writeArrayFieldStart("silences");
              for (Entry entry : silences.values()) {
                writeSilence(out, entry.silence());
              }
              out.writeEndArray();
              out.writeEndObject();
            });
    Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException ignored) {
      // Some file systems cannot open a directory for syncing; the rename is then as durable as
      // they make it.
    }
  }

  private static void writeSilence(JsonGenerator out, Silence s) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", s.id());
    out.writeStringField("tenant", s.tenant().value());
    out.writeArrayFieldStart("matchers");
    for (LabelMatcher m : s.matchers()) {
      out.writeStartObject();
      out.writeStringField("name", m.name());
      out.writeStringField("value", m.value());
      out.writeBooleanField("isRegex", m.regex());
      out.writeBooleanField("isEqual", m.equal());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeStringField("startsAt", s.startsAt().toString());
    out.writeStringField("endsAt", s.endsAt().toString());
    out.writeStringField("createdBy", s.createdBy());
    out.writeStringField("comment", s.comment());
    out.writeStringField("updatedAt", s.updatedAt().toString());
    out.writeEndObject();
  }

  private void read() throws IOException {
    JsonNode root = NotifyJson.MAPPER.readTree(file.toFile());
    JsonNode list = root == null ? null : root.get("silences");
    if (list == null || !list.isArray()) {
      throw new IOException("not a silences file (no \"silences\" array)");
    }
    try {
      for (JsonNode node : list) {
        List<LabelMatcher> matchers = new ArrayList<>();
        for (JsonNode m : node.get("matchers")) {
          matchers.add(
              new LabelMatcher(
                  m.get("name").asText(),
                  m.get("value").asText(),
                  m.get("isRegex").asBoolean(),
                  m.get("isEqual").asBoolean(true)));
        }
        Silence silence =
            new Silence(
                node.get("id").asText(),
                TenantId.parse(node.get("tenant").asText()),
                matchers,
                Instant.parse(node.get("startsAt").asText()),
                Instant.parse(node.get("endsAt").asText()),
                node.get("createdBy").asText(),
                node.get("comment").asText(),
                Instant.parse(node.get("updatedAt").asText()));
        List<LabelMatcher.Compiled> compiled =
            matchers.stream().map(LabelMatcher::compile).toList();
        silences.put(silence.id(), new Entry(silence, compiled));
      }
    } catch (RuntimeException e) {
      throw new IOException("a silence in the file is malformed: " + e, e);
    }
  }

  /** The retention, for the status of the API. */
  public Duration retention() {
    return settings.retention();
  }
}
