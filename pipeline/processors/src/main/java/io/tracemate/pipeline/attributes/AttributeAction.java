package io.tracemate.pipeline.attributes;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.AttributeValue.StringValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A compiled attribute action with the collector's semantics; built by {@link AttributesProcessor#create}. */
public sealed interface AttributeAction {

  void apply(AttributeEditor attributes);

  /** Where insert/update/upsert take their value from. */
  sealed interface ValueSource {
    /** The value, or null when there is none (then the action does nothing). */
    AttributeValue resolve(AttributeEditor attributes);
  }

  record Literal(AttributeValue value) implements ValueSource {
    @Override
    public AttributeValue resolve(AttributeEditor attributes) {
      return value;
    }
  }

  /** The value of another attribute, or {@code fallback} (the collector's default_value, may be null). */
  record FromAttribute(String key, AttributeValue fallback) implements ValueSource {
    @Override
    public AttributeValue resolve(AttributeEditor attributes) {
      AttributeValue v = attributes.get(key);
      return v != null ? v : fallback;
    }
  }

  /** The collector's three ways of writing a value: where the key is absent, where it exists, or either way. */
  enum WriteMode {
    /** {@code insert}: sets the key only where it does not exist yet. */
    INSERT,
    /** {@code update}: sets the key only where it exists. */
    UPDATE,
    /** {@code upsert}: sets the key whether it exists or not. */
    UPSERT
  }

  /** {@code insert}, {@code update} or {@code upsert} of {@code key}; nothing when the source has no value. */
  record Write(String key, ValueSource source, WriteMode mode) implements AttributeAction {
    @Override
    public void apply(AttributeEditor a) {
      AttributeValue v = source.resolve(a);
      if (v == null) {
        return;
      }
      switch (mode) {
        case INSERT -> a.putIfAbsent(key, v);
        case UPDATE -> {
          if (a.has(key)) {
            a.put(key, v);
          }
        }
        case UPSERT -> a.put(key, v);
      }
    }
  }

  /** Removes {@code key} (may be null) and every key {@code keyPattern} (may be null) finds a match in. */
  record Delete(String key, Pattern keyPattern) implements AttributeAction {
    @Override
    public void apply(AttributeEditor a) {
      for (String k : targets(key, keyPattern, a)) {
        a.remove(k);
      }
    }
  }

  /**
   * Replaces values with their SHA-256 hex ({@link AttributeValues#sha256Hex}). A key both named and matched
   * by the pattern is hashed once (the collector would hash it twice).
   */
  record Hash(String key, Pattern keyPattern) implements AttributeAction {
    @Override
    public void apply(AttributeEditor a) {
      for (String k : targets(key, keyPattern, a)) {
        AttributeValue v = a.get(k);
        if (v != null) {
          a.put(k, new StringValue(AttributeValues.sha256Hex(v)));
        }
      }
    }
  }

  /**
   * Runs {@code pattern} (first match, unanchored) over a string value and writes capturing group i+1 to the
   * attribute {@code groupNames[i]} (every group is named, checked when compiled), overwriting existing ones; a
   * group that did not take part yields "". The source is kept. Non-string values and values without a match are left alone.
   */
  record Extract(String key, Pattern pattern, List<String> groupNames) implements AttributeAction {
    public Extract {
      groupNames = List.copyOf(groupNames);
    }

    @Override
    public void apply(AttributeEditor a) {
      if (!(a.get(key) instanceof StringValue s)) {
        return;
      }
      Matcher m = pattern.matcher(s.value());
      if (!m.find()) {
        return;
      }
      for (int i = 0; i < groupNames.size(); i++) {
        String group = m.group(i + 1);
        a.put(groupNames.get(i), new StringValue(group == null ? "" : group));
      }
    }
  }

  /** Converts the value's type where possible ({@link AttributeValues#convert}). */
  record Convert(String key, ConvertedType type) implements AttributeAction {
    @Override
    public void apply(AttributeEditor a) {
      AttributeValue v = a.get(key);
      if (v != null) {
        a.put(key, AttributeValues.convert(v, type));
      }
    }
  }

  /**
   * Moves {@code fromAttribute} to {@code key}: exactly the collector's {@code insert from_attribute} followed
   * by {@code delete} of the old key. Where the new key already exists it wins and the old key is dropped.
   */
  record Rename(String key, String fromAttribute) implements AttributeAction {
    @Override
    public void apply(AttributeEditor a) {
      AttributeValue v = a.get(fromAttribute);
      if (v != null) {
        a.putIfAbsent(key, v);
        a.remove(fromAttribute);
      }
    }
  }

  private static Set<String> targets(String key, Pattern keyPattern, AttributeEditor a) {
    Set<String> keys = new LinkedHashSet<>();
    if (key != null) {
      keys.add(key);
    }
    if (keyPattern != null) {
      for (String k : a.keys()) {
        if (keyPattern.matcher(k).find()) {
          keys.add(k);
        }
      }
    }
    return keys;
  }
}
