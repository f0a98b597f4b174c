package io.tracemate.logql.syntax;

import java.util.List;

/** Position in the token list of one query, with the error helpers both parsers share. Not thread-safe. */
final class TokenCursor {
    private final String source;
    private final ParseLimits limits;
    private final List<Token> tokens;
    private int index;
    private int depth;

    /** @throws LogQLParseException when the query is longer than the limit, before it is lexed */
    TokenCursor(String source, ParseLimits limits) {
        this.source = source;
        this.limits = limits;
        long bytes = utf8Length(source);
        if (bytes > limits.maxBytes()) {
            throw LogQLParseException.overLimit(source, 0, "the query is too long (" + bytes + " bytes, limit: "
                + limits.maxBytes() + " bytes) (" + ParseLimits.MAX_QUERY_SIZE + ")", ParseLimits.MAX_QUERY_SIZE);
        }
        this.tokens = Lexer.tokenize(source);
    }

    ParseLimits limits() {
        return limits;
    }

    String source() {
        return source;
    }

    /**
     * Enters one level of recursion, refusing to go deeper than the limit; every recursive parse method calls it
     * first (and {@link #ascend()} on the way out), so no query can overflow the parser's stack.
     */
    void descend() {
        if (++depth > limits.maxDepth()) {
            throw tooDeep(source, peek().offset(), limits.maxDepth());
        }
    }

    void ascend() {
        depth--;
    }

    static LogQLParseException tooDeep(String source, int offset, int maxDepth) {
        return LogQLParseException.overLimit(source, offset, "the query is nested too deeply (more than " + maxDepth
            + " levels of parentheses, aggregations, binary or label filter operators, or regex groups) ("
            + ParseLimits.MAX_QUERY_DEPTH + ")", ParseLimits.MAX_QUERY_DEPTH);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    Token peek() {
        return tokens.get(index);
    }

    /** The token {@code ahead} positions after the current one (EOF past the end). */
    Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    boolean at(TokenType type) {
        return peek().type() == type;
    }

    Token next() {
        Token token = peek();
        if (token.type() != TokenType.EOF) {
            index++;
        }
        return token;
    }

    boolean accept(TokenType type) {
        if (at(type)) {
            next();
            return true;
        }
        return false;
    }

    Token expect(TokenType type) {
        return expect(type, type.display());
    }

    Token expect(TokenType type, String expecting) {
        if (at(type)) {
            return next();
        }
        throw unexpected(peek(), expecting);
    }

    /** A NUMBER with an optional sign, as Loki's literalExpr reads it. */
    double signedNumber() {
        boolean negative = false;
        if (at(TokenType.ADD) || at(TokenType.SUB)) {
            negative = next().type() == TokenType.SUB;
        }
        double value = expect(TokenType.NUMBER).number();
        return negative ? -value : value;
    }

    LogQLParseException unexpected(Token token, String expecting) {
        String detail = "syntax error: unexpected " + token.describe();
        return error(token, expecting == null ? detail : detail + ", expecting " + expecting);
    }

    LogQLParseException error(Token token, String detail) {
        return LogQLParseException.at(source, token.offset(), detail);
    }
}
