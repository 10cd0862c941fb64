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
    private static final String[][] SYMBOLS = {
        {"{%", "OPEN_STATEMENT"}, {"%}", "CLOSE_STATEMENT"}, {"{{", "OPEN_EXPRESSION"}, {"}}", "CLOSE_EXPRESSION"},
        {"(", "OPEN_PAREN"}, {")", "CLOSE_PAREN"}, {"{", "OPEN_BRACE"}, {"}", "CLOSE_BRACE"}, {"[", "OPEN_BRACKET"},
        {"]", "CLOSE_BRACKET"}, {",", "COMMA"}, {".", "DOT"}, {":", "COLON"}, {"|", "PIPE"}, {"<=", "COMPARISON"},
        {">=", "COMPARISON"}, {"==", "COMPARISON"}, {"!=", "COMPARISON"}, {"<", "COMPARISON"}, {">", "COMPARISON"},
        {"+", "ADDITIVE"}, {"-", "ADDITIVE"}, {"~", "ADDITIVE"}, {"**", "POWER"}, {"*", "MULTIPLICATIVE"},
        {"//", "MULTIPLICATIVE"}, {"/", "MULTIPLICATIVE"}, {"%", "MULTIPLICATIVE"}, {"=", "EQUALS"}
    };

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
                add(src.charAt(pos + 1) == '%' ? Kind.OPEN_STATEMENT : Kind.OPEN_EXPRESSION, src.substring(pos, pos + 2));
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
            add(src.charAt(pos + 1) == '%' ? Kind.CLOSE_STATEMENT : Kind.CLOSE_EXPRESSION, src.substring(pos + 1, pos + 3));
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
            } else if (isDigit(c)) {
                number(pos);
            } else if (isWord(c)) {
                int start = pos;
                while (pos < src.length() && isWord(src.charAt(pos))) {
                    pos++;
                }
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
        int digits = pos;
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            tokens.add(new Token(Kind.UNARY, String.valueOf(sign), source.originOf(start)));
            return;
        }
        fraction();
        tokens.add(new Token(Kind.NUMBER, src.substring(start, pos), source.originOf(start)));
    }

    private void number(int start) {
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        if (!tokens.getLast().is(Kind.DOT)) {
            fraction();
        }
        tokens.add(new Token(Kind.NUMBER, src.substring(start, pos), source.originOf(start)));
    }

    private void fraction() {
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && isDigit(src.charAt(pos + 1))) {
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
        }
    }

    private boolean symbol() {
        for (String[] s : SYMBOLS) {
            if (s[0].equals("}}") && braceDepth > 0 || !src.startsWith(s[0], pos)) {
                continue;
            }
            Kind kind = Kind.valueOf(s[1]);
            braceDepth = switch (kind) {
                case OPEN_EXPRESSION -> 0;
                case OPEN_BRACE -> braceDepth + 1;
                case CLOSE_BRACE -> braceDepth - 1;
                default -> braceDepth;
            };
            add(kind, s[0]);
            pos += s[0].length();
            return true;
        }
        return false;
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

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWord(char c) {
        return isDigit(c) || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private TemplateException error(int index, String message) {
        return new TemplateException(source.describe(source.originOf(index)) + ": " + message);
    }
}
