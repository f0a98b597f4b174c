package io.tracemate.pipeline.attributes;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Copy-on-write editing of one attribute list: reads go to the original list until the first change, so a
 * span no action touches is not copied. Order is kept; inserted keys go last. Not thread-safe: one per span.
 */
public final class AttributeEditor {
  private final List<Attribute> original;
  private LinkedHashMap<String, AttributeValue> edited;

  public AttributeEditor(List<Attribute> original) {
    this.original = original;
  }

  public AttributeValue get(String key) {
    return edited == null ? Attribute.find(original, key) : edited.get(key);
  }

  public boolean has(String key) {
    return get(key) != null;
  }

  public void put(String key, AttributeValue value) {
    if (Objects.equals(get(key), value)) {
      return;
    }
    edit().put(key, value);
  }

  public void putIfAbsent(String key, AttributeValue value) {
    if (!has(key)) {
      put(key, value);
    }
  }

  public void remove(String key) {
    if (has(key)) {
      edit().remove(key);
    }
  }

  public List<String> keys() {
    return edited == null
        ? original.stream().map(Attribute::key).toList()
        : new ArrayList<>(edited.keySet());
  }

  public boolean changed() {
    return edited != null;
  }

  /** The edited list, or the original instance when nothing changed. */
  public List<Attribute> result() {
    if (edited == null) {
      return original;
    }
    List<Attribute> out = new ArrayList<>(edited.size());
    for (Map.Entry<String, AttributeValue> e : edited.entrySet()) {
      out.add(new Attribute(e.getKey(), e.getValue()));
    }
    return out;
  }

  private LinkedHashMap<String, AttributeValue> edit() {
    if (edited == null) {
      edited = new LinkedHashMap<>();
      for (Attribute a : original) {
        edited.putIfAbsent(a.key(), a.value()); // duplicate keys: the first wins, as Attribute.find
      }
    }
    return edited;
  }
}
