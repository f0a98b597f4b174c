package io.tracemate.servicegraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure algorithms over a directed graph given as arcs (source, target): the neighbourhood of a node within N hops
 * up and down, and the simple paths between two nodes. Deterministic: neighbours are visited in name order.
 * Every walk is bounded (hops, depth, path count and a step budget), so a dense graph cannot stall a query.
 */
final class Graphs {

  /** Expansions one path search may make before it returns what it found. */
  static final int STEP_BUDGET = 200_000;

  /** An arc; parallel arcs (different connection types) are fine. */
  record Arc(String source, String target) {}

  /** The nodes reached and the arcs walked. */
  record Neighbourhood(Set<String> nodes, Set<Arc> arcs) {}

  private Graphs() {}

  /**
   * The focus, its callees up to {@code hopsDown} arcs away and its callers up to {@code hopsUp} arcs away, with
   * the arcs walked to reach them (downstream arcs leave a node at most hopsDown - 1 away; upstream likewise).
   * Empty when the focus has no arc.
   */
  static Neighbourhood around(List<Arc> arcs, String focus, int hopsUp, int hopsDown) {
    Map<String, List<Arc>> out = new HashMap<>();
    Map<String, List<Arc>> in = new HashMap<>();
    for (Arc arc : arcs) {
      out.computeIfAbsent(arc.source(), k -> new ArrayList<>()).add(arc);
      in.computeIfAbsent(arc.target(), k -> new ArrayList<>()).add(arc);
    }
    if (!out.containsKey(focus) && !in.containsKey(focus)) {
      return new Neighbourhood(Set.of(), Set.of());
    }
    Set<String> nodes = new LinkedHashSet<>();
    nodes.add(focus);
    Set<Arc> walked = new LinkedHashSet<>();
    walk(out, focus, hopsDown, true, nodes, walked);
    walk(in, focus, hopsUp, false, nodes, walked);
    return new Neighbourhood(nodes, walked);
  }

  private static void walk(
      Map<String, List<Arc>> adjacency,
      String focus,
      int hops,
      boolean downstream,
      Set<String> nodes,
      Set<Arc> walked) {
    Set<String> visited = new LinkedHashSet<>(List.of(focus));
    List<String> frontier = List.of(focus);
    for (int depth = 0; depth < hops && !frontier.isEmpty(); depth++) {
      List<String> next = new ArrayList<>();
      for (String node : frontier) {
        for (Arc arc : adjacency.getOrDefault(node, List.of())) {
          walked.add(arc);
          String reached = downstream ? arc.target() : arc.source();
          if (visited.add(reached)) {
            next.add(reached);
          }
        }
      }
      frontier = next;
    }
    nodes.addAll(visited);
  }

  /**
   * Simple directed paths (no node twice) from {@code from} to {@code to} with at most {@code maxDepth} arcs,
   * shortest first, then in name order; at most {@code maxPaths}. {@code [[from]]} when from equals to.
   */
  static List<List<String>> simplePaths(
      List<Arc> arcs, String from, String to, int maxPaths, int maxDepth) {
    Map<String, SortedSet<String>> successors = new TreeMap<>();
    for (Arc arc : arcs) {
      successors.computeIfAbsent(arc.source(), k -> new TreeSet<>()).add(arc.target());
    }
    List<List<String>> paths = new ArrayList<>();
    if (from.equals(to)) {
      paths.add(List.of(from));
      return paths;
    }
    int[] budget = {STEP_BUDGET};
    // Iterative deepening yields every path of length n before any of length n + 1.
    for (int length = 1; length <= maxDepth && paths.size() < maxPaths && budget[0] > 0; length++) {
      List<String> path = new ArrayList<>(List.of(from));
      pathsOfLength(
          successors, to, length, path, new LinkedHashSet<>(path), paths, maxPaths, budget);
    }
    return paths;
  }

  private static void pathsOfLength(
      Map<String, SortedSet<String>> successors,
      String to,
      int remaining,
      List<String> path,
      Set<String> onPath,
      List<List<String>> paths,
      int maxPaths,
      int[] budget) {
    String last = path.getLast();
    for (String next : successors.getOrDefault(last, new TreeSet<>())) {
      if (paths.size() >= maxPaths || --budget[0] <= 0) {
        return;
      }
      if (onPath.contains(next)) {
        continue;
      }
      if (remaining == 1) {
        if (next.equals(to)) {
          List<String> found = new ArrayList<>(path);
          found.add(next);
          paths.add(List.copyOf(found));
        }
        continue;
      }
      if (next.equals(to)) {
        continue;
      }
      path.add(next);
      onPath.add(next);
      pathsOfLength(successors, to, remaining - 1, path, onPath, paths, maxPaths, budget);
      onPath.remove(next);
      path.removeLast();
    }
  }
}
