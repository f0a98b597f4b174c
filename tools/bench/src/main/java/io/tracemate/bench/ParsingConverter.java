package io.tracemate.bench;

import java.util.function.Function;
import picocli.CommandLine;

/**
 * A picocli converter over a parser that refuses bad text with an {@link IllegalArgumentException} whose message
 * says what is wrong: that message becomes the option's error. Picocli creates converters from their class, so
 * each option's converter is a subclass naming its parser. Stateless.
 */
public abstract class ParsingConverter<T> implements CommandLine.ITypeConverter<T> {
  private final Function<String, T> parser;

  protected ParsingConverter(Function<String, T> parser) {
    this.parser = parser;
  }

  @Override
  public final T convert(String value) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
