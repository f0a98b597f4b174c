package io.tracemate.logql.engine.template;

import java.util.List;

/** The parsed template tree. */
sealed interface Node {
  /** Literal text. */
  record Text(String text) implements Node {}

  /** {@code {{ pipeline }}}: prints the value. */
  record Action(Pipeline pipeline) implements Node {}

  /** {@code {{ if p }} ... {{ else if q }} ... {{ else }} ... {{ end }}}; else-if chains nest in {@code otherwise}. */
  record If(Pipeline condition, List<Node> then, List<Node> otherwise) implements Node {}

  /** {@code a | f x | g}: commands joined by pipes; each later command gets the previous value as last argument. */
  record Pipeline(List<Command> commands) {}

  /** One command: operands; a function identifier first means a call. */
  record Command(List<Operand> operands) {}

  /** What an operand can be. */
  sealed interface Operand {}

  /** {@code .name} (a label), {@code .} (all labels) when name is empty. */
  record Field(String name) implements Operand {}

  /**
   * {@code $name.a.b} (rule templates): a variable, or the data when {@code name} is empty ({@code $}, {@code .}),
   * then map keys; a missing key is "" as in Go's {@code map[string]string}.
   */
  record Variable(String name, List<String> fields) implements Operand {
    public Variable {
      fields = List.copyOf(fields);
    }
  }

  /** A string, number or boolean constant. */
  record Constant(Object value) implements Operand {}

  /** A function name (a call when first in its command, a zero-argument call elsewhere). */
  record Function(String name) implements Operand {}

  /** {@code ( pipeline )}. */
  record Group(Pipeline pipeline) implements Operand {}
}
