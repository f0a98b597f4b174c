package io.tracemate.http.loki.patterns;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Drain log-template miner (He, Zhu, Zheng, Lyu: "Drain: An Online Log Parsing Approach with Fixed Depth Tree",
 * ICWS 2017) with the settings Loki's pattern ingester uses: a line's tokens are routed through a fixed-depth tree,
 * first by token count, then by the leading tokens (a token holding a digit, or one arriving when a node already has
 * {@code maxChildren} children, goes to the wildcard child); at the leaf the line joins the most similar template if
 * at least {@code similarityThreshold} of its positions hold the same token, and the template's differing positions
 * become {@value #WILDCARD}; otherwise it starts a template of its own.
 *
 * <p>Memory is bounded: at most {@code maxClusters} templates are kept, the least recently matched one is dropped
 * first; lines of fewer than {@value #MIN_TOKENS} or more than {@value #MAX_TOKENS} tokens are not mined (Loki's
 * rules). Not thread-safe: one per request and level.
 */
public final class Drain {
  /** The placeholder for a varying token, as in Loki's patterns and LogQL's pattern syntax. */
  public static final String WILDCARD = "<_>";

  static final int MIN_TOKENS = 4;
  static final int MAX_TOKENS = 80;

  private final int maxNodeDepth;
  private final double similarityThreshold;
  private final int maxChildren;
  private final int maxClusters;
  private final Node root = new Node();
  private final LinkedHashMap<Integer, Template> live;
  private int nextId;

  /** A template: tokens with {@link #WILDCARD} at varying positions, plus the tokenizer's layout. */
  public static final class Template {
    final int id;
    final String[] tokens;
    final Tokens.Layout layout;
    long lines;

    Template(int id, String[] tokens, Tokens.Layout layout) {
      this.id = id;
      this.tokens = tokens;
      this.layout = layout;
    }

    /** The template as a LogQL pattern ({@code <_>} runs collapsed, since LogQL refuses adjacent captures). */
    public String pattern() {
      return layout.join(tokens);
    }

    /** Lines that joined this template. */
    public long lines() {
      return lines;
    }
  }

  private static final class Node {
    final Map<String, Node> children = new LinkedHashMap<>(4);
    final List<Template> templates = new ArrayList<>(1);
  }

  /** Loki's defaults: depth 30, similarity 0.3, 15 children, 300 templates. */
  public Drain() {
    this(30, 0.3, 15, 300);
  }

  /**
   * @param depth tree depth including the root and the token-count layer (at least 3)
   * @param similarityThreshold share of equal tokens a line needs to join a template
   * @param maxChildren children of a node before further tokens share the wildcard child
   * @param maxClusters templates kept; the least recently matched one goes first
   */
  public Drain(int depth, double similarityThreshold, int maxChildren, int maxClusters) {
    if (depth < 3) {
      throw new IllegalArgumentException("depth must be at least 3, got " + depth);
    }
    this.maxNodeDepth = depth - 2;
    this.similarityThreshold = similarityThreshold;
    this.maxChildren = maxChildren;
    this.maxClusters = maxClusters;
    this.live =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Integer, Template> eldest) {
            return size() > Drain.this.maxClusters;
          }
        };
  }

  /**
   * Mines one tokenized line.
   *
   * @return the template it joined or started, or null when the line is not mined (too few or too many tokens)
   */
  public Template train(Tokens line) {
    String[] tokens = line.tokens();
    if (tokens.length < MIN_TOKENS || tokens.length > MAX_TOKENS) {
      return null;
    }
    Template match = search(tokens);
    if (match == null) {
      match = new Template(nextId++, tokens.clone(), line.layout());
      live.put(match.id, match);
      insert(match);
    } else {
      for (int i = 0; i < tokens.length; i++) {
        if (!tokens[i].equals(match.tokens[i])) {
          match.tokens[i] = WILDCARD;
        }
      }
      live.get(match.id); // most recently matched
    }
    match.lines++;
    return match;
  }

  /** Templates still kept, in no particular order. */
  public List<Template> templates() {
    return List.copyOf(live.values());
  }

  private Template search(String[] tokens) {
    Node node = root.children.get(Integer.toString(tokens.length));
    if (node == null) {
      return null;
    }
    int depth = 1;
    for (String token : tokens) {
      if (depth >= maxNodeDepth || depth == tokens.length) {
        break;
      }
      Node next = node.children.get(token);
      if (next == null) {
        next = node.children.get(WILDCARD);
      }
      if (next == null) {
        return null;
      }
      node = next;
      depth++;
    }
    Template best = null;
    double bestSimilarity = -1;
    int bestWildcards = -1;
    for (Template candidate : node.templates) {
      if (!live.containsKey(candidate.id)) {
        continue;
      }
      int same = 0;
      int wildcards = 0;
      for (int i = 0; i < tokens.length; i++) {
        String token = candidate.tokens[i];
        if (token.equals(WILDCARD)) {
          wildcards++;
        } else if (token.equals(tokens[i])) {
          same++;
        }
      }
      double similarity = (double) same / tokens.length;
      if (similarity > bestSimilarity
          || (similarity == bestSimilarity && wildcards > bestWildcards)) {
        best = candidate;
        bestSimilarity = similarity;
        bestWildcards = wildcards;
      }
    }
    return bestSimilarity >= similarityThreshold ? best : null;
  }

  private void insert(Template template) {
    String[] tokens = template.tokens;
    Node node = root.children.computeIfAbsent(Integer.toString(tokens.length), count -> new Node());
    int depth = 1;
    for (String token : tokens) {
      if (depth >= maxNodeDepth || depth >= tokens.length) {
        break;
      }
      Node next = node.children.get(token);
      if (next == null) {
        if (hasDigit(token) || node.children.size() + 1 >= maxChildren) {
          // Variables (numbers, IDs) and overflow share one branch, so the tree stays narrow.
          next = node.children.computeIfAbsent(WILDCARD, wildcard -> new Node());
        } else {
          next = new Node();
          node.children.put(token, next);
        }
      }
      node = next;
      depth++;
    }
    for (Iterator<Template> it = node.templates.iterator(); it.hasNext(); ) {
      if (!live.containsKey(it.next().id)) {
        it.remove(); // dropped templates leave their leaf
      }
    }
    node.templates.add(template);
  }

  private static boolean hasDigit(String token) {
    for (int i = 0; i < token.length(); i++) {
      if (Character.isDigit(token.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
