package dev.sluice.jinja;

/** A token of the reference renderer's lexer; {@code at} is the offset in the original template. */
record Token(Kind kind, String text, int at) {
    enum Kind {
        TEXT,
        COMMENT,
        NUMBER,
        STRING,
        NAME,
        EQUALS,
        OPEN_PAREN,
        CLOSE_PAREN,
        OPEN_STATEMENT,
        CLOSE_STATEMENT,
        OPEN_EXPRESSION,
        CLOSE_EXPRESSION,
        OPEN_BRACKET,
        CLOSE_BRACKET,
        OPEN_BRACE,
        CLOSE_BRACE,
        COMMA,
        DOT,
        COLON,
        PIPE,
        ADDITIVE,
        MULTIPLICATIVE,
        POWER,
        COMPARISON,
        UNARY,
        END
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isName(String name) {
        return kind == Kind.NAME && text.equals(name);
    }

    /** How the token reads in an error message. */
    String describe() {
        return kind == Kind.END ? "the end of the template" : "'" + text + "'";
    }
}
