package dev.sluice.jinja;

import dev.sluice.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@link Source} into tokens exactly as the reference lexer does: text outside tags, {@code {%-}/{@code -%}}
 * (and the {@code {{ }}}/{@code {# #}} forms) trimming neighbouring whitespace, a sign directly before digits folded
 * into the number where the sign cannot be binary, and {@code }}} inside a dict literal not closing the expression.
 */
final class Lexer {
    private final Source source;
    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int braceDepth;

    private Lexer(Source source) {
        this.source = source;
        this.src = source.text;
    }

    static List<Token> tokenize(Source source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        lexer.tokens.add(new Token(Kind.END, "", source.originOf(source.text.length())));
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            if (inTextMode() && text()) {
                continue;
            }
            if (src.startsWith("{#", pos)) {
                comment();
            } else if (src.startsWith("{%-", pos) || src.startsWith("{{-", pos)) {
                stripTrailingWhitespace();
                add(
                        src.charAt(pos + 1) == '%' ? Kind.OPEN_STATEMENT : Kind.OPEN_EXPRESSION,
                        src.substring(pos, pos + 2));
                braceDepth = src.charAt(pos + 1) == '{' ? 0 : braceDepth;
                pos += 3;
            } else {
                tagToken();
            }
        }
    }

    private boolean inTextMode() {
        if (tokens.isEmpty()) {
            return true;
        }
        Kind last = tokens.getLast().kind();
        return last == Kind.CLOSE_STATEMENT || last == Kind.CLOSE_EXPRESSION || last == Kind.COMMENT;
    }

    private boolean text() {
        int start = pos;
        while (pos < src.length() && !isTagStart(pos)) {
            pos++;
        }
        if (pos > start) {
            tokens.add(new Token(Kind.TEXT, src.substring(start, pos), source.originOf(start)));
            return true;
        }
        return false;
    }

    private boolean isTagStart(int i) {
        if (src.charAt(i) != '{' || i + 1 >= src.length()) {
            return false;
        }
        char c = src.charAt(i + 1);
        return c == '%' || c == '{' || c == '#';
    }

    private void comment() {
        int start = pos;
        pos += 2;
        boolean stripBefore = pos < src.length() && src.charAt(pos) == '-';
        if (stripBefore) {
            pos++;
        }
        int end = src.indexOf("#}", pos);
        if (end < 0 || end + 2 > src.length()) {
            throw error(start, "comment is not closed with '#}'");
        }
        boolean stripAfter = end > pos && src.charAt(end - 1) == '-';
        if (stripBefore) {
            stripTrailingWhitespace();
        }
        tokens.add(new Token(Kind.COMMENT, src.substring(pos, end), source.originOf(start)));
        pos = end + 2;
        if (stripAfter) {
            skipLeadingWhitespace();
        }
    }

    private void tagToken() {
        while (pos < src.length() && Js.isSpace(src.charAt(pos))) {
            pos++;
        }
        if (pos >= src.length()) {
            throw error(pos, "the template ends inside a tag");
        }
        if (src.startsWith("-%}", pos) || src.startsWith("-}}", pos)) {
            add(
                    src.charAt(pos + 1) == '%' ? Kind.CLOSE_STATEMENT : Kind.CLOSE_EXPRESSION,
                    src.substring(pos + 1, pos + 3));
            pos += 3;
            skipLeadingWhitespace();
            return;
        }
        char c = src.charAt(pos);
        if ((c == '-' || c == '+') && signIsUnary()) {
            signedNumber(c);
        } else if (!symbol()) {
            if (c == '\'' || c == '"') {
                add(Kind.STRING, StringLiterals.read(src, pos, source));
                pos = StringLiterals.end(src, pos);
            } else if (Symbols.isDigit(c)) {
                number(pos);
            } else if (Symbols.isWord(c)) {
                int start = pos;
                pos = Symbols.wordEnd(src, pos);
                tokens.add(new Token(Kind.NAME, src.substring(start, pos), source.originOf(start)));
            } else {
                throw error(pos, "unexpected character '" + c + "'");
            }
        }
    }

    private boolean signIsUnary() {
        if (tokens.isEmpty() || tokens.getLast().is(Kind.TEXT)) {
            throw error(pos, "unexpected character '" + src.charAt(pos) + "'");
        }
        return switch (tokens.getLast().kind()) {
            case NAME, NUMBER, STRING, CLOSE_PAREN, CLOSE_BRACKET -> false;
            default -> true;
        };
    }

    private void signedNumber(char sign) {
        int start = pos++;
        if (pos == Symbols.digitsEnd(src, pos)) {
            tokens.add(new Token(Kind.UNARY, String.valueOf(sign), source.originOf(start)));
            return;
        }
        pos = Symbols.fractionEnd(src, Symbols.digitsEnd(src, pos));
        tokens.add(new Token(Kind.NUMBER, src.substring(start, pos), source.originOf(start)));
    }

    private void number(int start) {
        pos = Symbols.digitsEnd(src, pos);
        if (!tokens.getLast().is(Kind.DOT)) {
            pos = Symbols.fractionEnd(src, pos);
        }
        tokens.add(new Token(Kind.NUMBER, src.substring(start, pos), source.originOf(start)));
    }

    private boolean symbol() {
        String symbol = Symbols.match(src, pos, braceDepth > 0);
        if (symbol == null) {
            return false;
        }
        Kind kind = Symbols.kind(symbol);
        braceDepth = switch (kind) {
            case OPEN_EXPRESSION -> 0;
            case OPEN_BRACE -> braceDepth + 1;
            case CLOSE_BRACE -> braceDepth - 1;
            default -> braceDepth;
        };
        add(kind, symbol);
        pos += symbol.length();
        return true;
    }

    private void add(Kind kind, String text) {
        tokens.add(new Token(kind, text, source.originOf(pos)));
    }

    private void stripTrailingWhitespace() {
        if (!tokens.isEmpty() && tokens.getLast().is(Kind.TEXT)) {
            Token last = tokens.removeLast();
            String trimmed = Js.trimEnd(last.text());
            if (!trimmed.isEmpty()) {
                tokens.add(new Token(Kind.TEXT, trimmed, last.at()));
            }
        }
    }

    private void skipLeadingWhitespace() {
        while (pos < src.length() && Js.isSpace(src.charAt(pos))) {
            pos++;
        }
    }

    private TemplateException error(int index, String message) {
        return new TemplateException(source.describe(source.originOf(index)) + ": " + message);
    }
}
