package io.tracemate.logql.syntax;

import java.util.List;

/** Position in the token list of one query, with the error helpers both parsers share. Not thread-safe. */
final class TokenCursor {
    private final String source;
    private final List<Token> tokens;
    private int index;

    TokenCursor(String source) {
        this.source = source;
        this.tokens = Lexer.tokenize(source);
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
