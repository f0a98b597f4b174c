package io.tracemate.logql.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the subset of Go's text/template that LogQL users write: text, {@code {{ pipeline }}} actions with
 * {@code {{-}}/{{- -}}} trimming, comments, {@code if / else if / else / end}, fields {@code .label}, string
 * (interpreted and raw), number and boolean constants, function calls, pipes and parentheses. Anything else
 * (range, with, define, variables) is rejected with a message naming it. Not thread-safe; one per parse.
 */
final class TemplateParser {
  /**
   * Deepest nesting of {@code if} blocks and of parentheses in one action: parsing and running recurse per
   * level, so a template cannot be allowed to nest without bound (LogQL's own nesting limit is 128 too).
   */
  static final int MAX_NESTING = 128;

  private final String text;
  private int ifDepth;
  private final Set<String> functions;
  private final Set<String> variables;
  private int pos;

  /**
   * @param functions the function names the template may call
   * @param variables the variables ({@code $name}, without the dollar) the template may read, with nested fields
   *     ({@code .Labels.job}); null for LogQL's dialect, which has neither
   */
  TemplateParser(String text, Set<String> functions, Set<String> variables) {
    this.text = text;
    this.functions = functions;
    this.variables = variables;
  }

  /** A parse failure; the message says what and where. */
  static final class ParseError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseError(String message) {
      super(message);
    }
  }

  private record Block(List<Node> nodes, String terminator, Node.Pipeline elseIf) {}

  List<Node> parse() {
    Block block = parseList();
    if (block.terminator != null) {
      throw error("unexpected {{" + block.terminator + "}}");
    }
    return block.nodes;
  }

  /** Nodes up to the end of input or an {@code end}/{@code else} action (returned as the terminator). */
  private Block parseList() {
    List<Node> nodes = new ArrayList<>();
    boolean trimNext = pendingTrim;
    pendingTrim = false;
    while (pos < text.length()) {
      int open = text.indexOf("{{", pos);
      String literal = open < 0 ? text.substring(pos) : text.substring(pos, open);
      if (trimNext) {
        literal = literal.stripLeading();
      }
      if (open < 0) {
        addText(nodes, literal);
        pos = text.length();
        break;
      }
      boolean trimBefore =
          text.startsWith("{{- ", open)
              || text.startsWith("{{-\t", open)
              || text.startsWith("{{-\n", open);
      if (trimBefore) {
        literal = literal.stripTrailing();
      }
      addText(nodes, literal);
      int close = findClose(open + 2);
      // Go's trim markers need whitespace next to the dash: "{{- " and " -}}"
      boolean trimAfter =
          close - 2 >= open + 2
              && text.charAt(close - 1) == '-'
              && Character.isWhitespace(text.charAt(close - 2));
      int bodyStart = open + 2 + (trimBefore ? 1 : 0);
      int bodyEnd = trimAfter ? close - 1 : close;
      String body = text.substring(bodyStart, bodyEnd).trim();
      pos = close + 2;
      trimNext = trimAfter;
      if (body.startsWith("/*")) {
        if (!body.endsWith("*/")) {
          throw error("unclosed comment");
        }
        continue;
      }
      String keyword = firstWord(body);
      switch (keyword) {
        case "if" -> {
          Node.Pipeline condition =
              new ActionParser(body.substring(2), functions, variables).pipeline();
          pendingTrim = trimNext;
          nodes.add(parseIf(condition));
          trimNext = pendingTrim;
        }
        case "else" -> {
          String rest = body.substring(4).trim();
          Node.Pipeline elseIf = null;
          if (!rest.isEmpty()) {
            if (!firstWord(rest).equals("if")) {
              throw error("unexpected \"" + rest + "\" after else");
            }
            elseIf = new ActionParser(rest.substring(2), functions, variables).pipeline();
          }
          pendingTrim = trimNext;
          return new Block(nodes, "else", elseIf);
        }
        case "end" -> {
          pendingTrim = trimNext;
          return new Block(nodes, "end", null);
        }
        case "range", "with", "define", "template", "block", "break", "continue" ->
            throw error(
                "{{"
                    + keyword
                    + "}} is not supported in "
                    + (variables == null ? "LogQL" : "rule")
                    + " templates");
        default ->
            nodes.add(new Node.Action(new ActionParser(body, functions, variables).pipeline()));
      }
    }
    return new Block(nodes, null, null);
  }

  private boolean pendingTrim;

  private Node.If parseIf(Node.Pipeline condition) {
    if (++ifDepth > MAX_NESTING) {
      throw error("{{if}} blocks nested more than " + MAX_NESTING + " levels deep");
    }
    try {
      return parseIfBody(condition);
    } finally {
      ifDepth--;
    }
  }

  private Node.If parseIfBody(Node.Pipeline condition) {
    Block then = parseList();
    if (then.terminator == null) {
      throw error("unexpected EOF: {{if}} without {{end}}");
    }
    if (then.terminator.equals("end")) {
      return new Node.If(condition, then.nodes, List.of());
    }
    if (then.elseIf != null) {
      Node.If nested = parseIf(then.elseIf);
      return new Node.If(condition, then.nodes, List.of(nested));
    }
    Block otherwise = parseList();
    if (!"end".equals(otherwise.terminator)) {
      throw error("unexpected EOF: {{else}} without {{end}}");
    }
    return new Node.If(condition, then.nodes, otherwise.nodes);
  }

  private static void addText(List<Node> nodes, String literal) {
    if (!literal.isEmpty()) {
      nodes.add(new Node.Text(literal));
    }
  }

  /** Index of the "}}" closing the action, skipping strings. */
  private int findClose(int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        i++;
        while (i < text.length() && text.charAt(i) != '"') {
          i += text.charAt(i) == '\\' ? 2 : 1;
        }
      } else if (c == '`') {
        int end = text.indexOf('`', i + 1);
        i = end < 0 ? text.length() : end;
      } else if (text.startsWith("}}", i)) {
        return i;
      }
      i++;
    }
    throw error("unclosed action");
  }

  private static String firstWord(String body) {
    int i = 0;
    while (i < body.length() && Character.isLetter(body.charAt(i))) {
      i++;
    }
    String word = body.substring(0, i);
    return i == body.length() || !Character.isLetterOrDigit(body.charAt(i)) ? word : "";
  }

  private ParseError error(String message) {
    return new ParseError(message);
  }
}
