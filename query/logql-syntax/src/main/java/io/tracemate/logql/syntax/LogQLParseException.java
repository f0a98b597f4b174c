package io.tracemate.logql.syntax;

import java.util.Optional;

/**
 * A LogQL query could not be parsed or broke one of the syntactic validation rules Loki applies at parse time.
 *
 * <p>The message has Loki's shape, {@code parse error at line 1, col 17: syntax error: unexpected IDENTIFIER,
 * expecting STRING}, so clients that show Loki errors show ours the same way. The position is the first character
 * of the offending token: line and column are 1-based, the offset is 0-based (UTF-16 code units). A query over one
 * of the {@link ParseLimits} fails the same way, with the limit's name in the message and in {@link #limit()}.
 * Immutable.
 */
public final class LogQLParseException extends RuntimeException {
    private final String detail;
    private final int line;
    private final int column;
    private final int offset;
    private final String limit;

    LogQLParseException(String detail, int line, int column, int offset, String limit) {
        super("parse error at line " + line + ", col " + column + ": " + detail);
        this.detail = detail;
        this.line = line;
        this.column = column;
        this.offset = offset;
        this.limit = limit;
    }

    /** Builds the exception for {@code offset} in {@code source}, computing line and column. */
    static LogQLParseException at(String source, int offset, String detail) {
        return at(source, offset, detail, null);
    }

    /** A query over a limit: {@code limit} names it ({@link ParseLimits#MAX_QUERY_SIZE} ...). */
    static LogQLParseException overLimit(String source, int offset, String detail, String limit) {
        return at(source, offset, detail, limit);
    }

    private static LogQLParseException at(String source, int offset, String detail, String limit) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(offset, source.length());
        for (int i = 0; i < end; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new LogQLParseException(detail, line, offset - lineStart + 1, offset, limit);
    }

    /** What is wrong, without the position prefix, e.g. {@code syntax error: unexpected IDENTIFIER}. */
    public String detail() {
        return detail;
    }

    /** 1-based line of the offending token. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending token. */
    public int column() {
        return column;
    }

    /** The limit the query went over ({@code max_query_depth}, {@code max_query_size}); empty for a syntax error. */
    public Optional<String> limit() {
        return Optional.ofNullable(limit);
    }

    /** 0-based character offset of the offending token in the query. */
    public int offset() {
        return offset;
    }
}
