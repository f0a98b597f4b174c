package io.tracemate.logql.syntax;

import java.time.Duration;
import java.util.Objects;

/**
 * A label filter expression, as in {@code | status >= 400 and (level="error" or size > 1KB)}. {@code and}
 * ({@code ,} and juxtaposition mean the same) binds tighter than {@code or}; both are left-associative.
 * Immutable records; {@code toString()} prints canonical LogQL.
 */
public sealed interface LabelFilter {

  /** {@code level="error"}, {@code level=~"err.*"}: string comparison of the label value. */
  record StringMatch(LabelMatcher matcher) implements LabelFilter {
    public StringMatch {
      Objects.requireNonNull(matcher, "matcher");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code addr=ip("10.0.0.0/8")} or, negated, {@code addr!=ip("...")}: address, range or CIDR match. */
  record IpMatch(String label, boolean negated, String pattern) implements LabelFilter {
    public IpMatch {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code status >= 400}: the label value parsed as a float. */
  record NumericCompare(String label, ComparisonOp op, double value) implements LabelFilter {
    public NumericCompare {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(op, "op");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code latency > 250ms}: the label value parsed as a Go/Prometheus duration. */
  record DurationCompare(String label, ComparisonOp op, Duration value) implements LabelFilter {
    public DurationCompare {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code size > 20KB}: the label value parsed as a byte size; {@code value} is in bytes. */
  record BytesCompare(String label, ComparisonOp op, long value) implements LabelFilter {
    public BytesCompare {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(op, "op");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** Both must hold. */
  record And(LabelFilter left, LabelFilter right) implements LabelFilter {
    public And {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** Either must hold. */
  record Or(LabelFilter left, LabelFilter right) implements LabelFilter {
    public Or {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }
}
