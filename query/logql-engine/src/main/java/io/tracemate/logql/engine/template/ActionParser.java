package io.tracemate.logql.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses the inside of one action into a pipeline. Not thread-safe; one per action. */
final class ActionParser {
  private final String text;
  private final Set<String> functions;
  private final Set<String> variables;
  private int pos;
  private int depth;

  /** @param variables the variables the dialect defines; null for LogQL's, which has none and no nested fields */
  ActionParser(String text, Set<String> functions, Set<String> variables) {
    this.text = text;
    this.functions = functions;
    this.variables = variables;
  }

  Node.Pipeline pipeline() {
    Node.Pipeline pipeline = parsePipeline();
    skipSpace();
    if (pos < text.length()) {
      throw new TemplateParser.ParseError("unexpected \"" + text.substring(pos) + "\" in action");
    }
    return pipeline;
  }

  private Node.Pipeline parsePipeline() {
    List<Node.Command> commands = new ArrayList<>();
    while (true) {
      List<Node.Operand> operands = new ArrayList<>();
      while (true) {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) == '|' || text.charAt(pos) == ')') {
          break;
        }
        operands.add(operand());
      }
      if (operands.isEmpty()) {
        throw new TemplateParser.ParseError(
            commands.isEmpty() ? "missing value for command" : "missing command after |");
      }
      commands.add(new Node.Command(operands));
      if (pos < text.length() && text.charAt(pos) == '|') {
        pos++;
        continue;
      }
      return new Node.Pipeline(commands);
    }
  }

  private Node.Operand operand() {
    char c = text.charAt(pos);
    if (variables != null && (c == '.' || c == '$')) {
      return variable();
    }
    if (c == '.') {
      pos++;
      int start = pos;
      while (pos < text.length() && isIdentifierChar(text.charAt(pos))) {
        pos++;
      }
      if (pos < text.length() && text.charAt(pos) == '.') {
        throw new TemplateParser.ParseError(
            "nested fields are not supported: ." + text.substring(start));
      }
      return new Node.Field(text.substring(start, pos));
    }
    if (c == '$') {
      pos++;
      if (pos < text.length() && isIdentifierChar(text.charAt(pos))) {
        throw new TemplateParser.ParseError("template variables are not supported");
      }
      return new Node.Field("");
    }
    if (c == '"') {
      return new Node.Constant(quoted());
    }
    if (c == '`') {
      int end = text.indexOf('`', pos + 1);
      if (end < 0) {
        throw new TemplateParser.ParseError("unterminated raw quoted string");
      }
      String value = text.substring(pos + 1, end);
      pos = end + 1;
      return new Node.Constant(value);
    }
    if (c == '(') {
      pos++;
      if (++depth > TemplateParser.MAX_NESTING) {
        throw new TemplateParser.ParseError(
            "parentheses nested more than " + TemplateParser.MAX_NESTING + " levels deep");
      }
      Node.Pipeline inner = parsePipeline();
      depth--;
      skipSpace();
      if (pos >= text.length() || text.charAt(pos) != ')') {
        throw new TemplateParser.ParseError("unclosed left paren");
      }
      pos++;
      return new Node.Group(inner);
    }
    if (Character.isDigit(c)
        || ((c == '-' || c == '+')
            && pos + 1 < text.length()
            && Character.isDigit(text.charAt(pos + 1)))) {
      int start = pos;
      pos++;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos))
              || text.charAt(pos) == '.'
              || ((text.charAt(pos) == '-' || text.charAt(pos) == '+')
                  && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')))) {
        pos++;
      }
      String number = text.substring(start, pos);
      try {
        if (number.contains(".") || number.contains("e") || number.contains("E")) {
          return new Node.Constant(Double.parseDouble(number));
        }
        return new Node.Constant(Long.parseLong(number));
      } catch (NumberFormatException e) {
        throw new TemplateParser.ParseError("bad number syntax: \"" + number + "\"");
      }
    }
    if (isIdentifierChar(c)) {
      int start = pos;
      while (pos < text.length() && isIdentifierChar(text.charAt(pos))) {
        pos++;
      }
      String word = text.substring(start, pos);
      return switch (word) {
        case "true" -> new Node.Constant(Boolean.TRUE);
        case "false" -> new Node.Constant(Boolean.FALSE);
        case "nil" -> new Node.Constant(null);
        default -> {
          if (!functions.contains(word)) {
            throw new TemplateParser.ParseError("function \"" + word + "\" not defined");
          }
          yield new Node.Function(word);
        }
      };
    }
    throw new TemplateParser.ParseError("unexpected \"" + c + "\" in command");
  }

  /** {@code $name.a.b}, {@code $}, {@code .a.b} or {@code .} in the rule dialect. */
  private Node.Operand variable() {
    String name = "";
    if (text.charAt(pos) == '$') {
      pos++;
      int start = pos;
      while (pos < text.length() && isIdentifierChar(text.charAt(pos))) {
        pos++;
      }
      name = text.substring(start, pos);
      if (!name.isEmpty() && !variables.contains(name)) {
        throw new TemplateParser.ParseError("undefined variable \"$" + name + "\"");
      }
      skipSpaceBeforeAssignment();
    }
    List<String> fields = new ArrayList<>();
    while (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      int start = pos;
      while (pos < text.length() && isIdentifierChar(text.charAt(pos))) {
        pos++;
      }
      if (pos == start) {
        if (fields.isEmpty() && name.isEmpty()) {
          break; // "." alone: the data
        }
        throw new TemplateParser.ParseError("unexpected . after term");
      }
      fields.add(text.substring(start, pos));
    }
    return new Node.Variable(name, fields);
  }

  /** Declarations ({@code $x := ...}) are not part of the subset; say so rather than "unexpected :=". */
  private void skipSpaceBeforeAssignment() {
    int i = pos;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    if (text.startsWith(":=", i) || (text.startsWith("=", i) && !text.startsWith("==", i))) {
      throw new TemplateParser.ParseError("variable declarations are not supported");
    }
  }

  private String quoted() {
    StringBuilder out = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return out.toString();
      }
      if (c == '\\' && pos + 1 < text.length()) {
        char e = text.charAt(pos + 1);
        pos += 2;
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case '\\' -> out.append('\\');
          case '"' -> out.append('"');
          case '\'' -> out.append('\'');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw new TemplateParser.ParseError("invalid escape in string");
            }
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw new TemplateParser.ParseError("invalid escape \\" + e + " in string");
        }
        continue;
      }
      out.append(c);
      pos++;
    }
    throw new TemplateParser.ParseError("unterminated quoted string");
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isIdentifierChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
