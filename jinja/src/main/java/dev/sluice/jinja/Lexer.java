package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a template into text and tag tokens, with the whitespace rules chat templates are written for: one trailing
 * newline dropped, {@code lstrip_blocks} and {@code trim_blocks} on, {@code {%-}/{@code -%}} (and the same for
 * {@code {{ }}} and comments) trimming whitespace around a tag, and {@code generation} tags removed.
 */
final class Lexer {
    private static final Pattern LSTRIP = Pattern.compile("(?m)^[ \\t]*(\\{[#%-])");
    private static final Pattern TRIM = Pattern.compile("([#%-]})\\n");
    private static final Pattern GENERATION =
            Pattern.compile("(?s)(\\s*)\\{%(-?)\\s*(?:end)?generation\\s*(-?)%}(\\s*)");
    private static final String[] OPS = {
        "**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",",
        ".", ":", "|", "="
    };

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String template) {
        Lexer lexer = new Lexer(preprocess(template));
        lexer.run();
        return lexer.tokens;
    }

    static String preprocess(String template) {
        String t = template.endsWith("\n") ? template.substring(0, template.length() - 1) : template;
        t = LSTRIP.matcher(t).replaceAll("$1");
        t = TRIM.matcher(t).replaceAll("$1");
        Matcher m = GENERATION.matcher(t);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String repl = (m.group(2).isEmpty() ? m.group(1) : "") + (m.group(3).isEmpty() ? m.group(4) : "");
            m.appendReplacement(out, Matcher.quoteReplacement(repl));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void run() {
        while (pos < src.length()) {
            int next = nextTag(pos);
            if (next > pos) {
                addText(src.substring(pos, next));
                pos = next;
                continue;
            }
            char kind = src.charAt(pos + 1);
            boolean stripBefore = pos + 2 < src.length() && src.charAt(pos + 2) == '-';
            if (stripBefore) {
                stripTrailingWhitespace();
            }
            pos += stripBefore ? 3 : 2;
            switch (kind) {
                case '#' -> comment();
                case '{' -> tag(Token.Kind.VAR_OPEN, "}}", Token.Kind.VAR_CLOSE);
                default -> tag(Token.Kind.BLOCK_OPEN, "%}", Token.Kind.BLOCK_CLOSE);
            }
        }
        tokens.add(new Token(Token.Kind.EOF, "", line));
    }

    private int nextTag(int from) {
        for (int i = from; i < src.length() - 1; i++) {
            char c = src.charAt(i + 1);
            if (src.charAt(i) == '{' && (c == '{' || c == '%' || c == '#')) {
                return i;
            }
        }
        return src.length();
    }

    private void addText(String text) {
        tokens.add(new Token(Token.Kind.TEXT, text, line));
        line += (int) text.chars().filter(c -> c == '\n').count();
    }

    private void stripTrailingWhitespace() {
        if (!tokens.isEmpty() && tokens.getLast().kind() == Token.Kind.TEXT) {
            String trimmed = tokens.getLast().text().stripTrailing();
            Token last = tokens.removeLast();
            if (!trimmed.isEmpty()) {
                tokens.add(new Token(Token.Kind.TEXT, trimmed, last.line()));
            }
        }
    }

    private void skipLeadingWhitespace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            if (src.charAt(pos++) == '\n') {
                line++;
            }
        }
    }

    private void comment() {
        int end = src.indexOf("#}", pos);
        if (end < 0) {
            throw new TemplateException("line " + line + ": comment is not closed with #}");
        }
        boolean stripAfter = end > pos && src.charAt(end - 1) == '-';
        line += (int) src.substring(pos, end).chars().filter(c -> c == '\n').count();
        pos = end + 2;
        if (stripAfter) {
            skipLeadingWhitespace();
        }
    }

    private void tag(Token.Kind open, String close, Token.Kind closeKind) {
        tokens.add(new Token(open, open == Token.Kind.VAR_OPEN ? "{{" : "{%", line));
        int braces = 0;
        while (true) {
            skipSpaces();
            if (pos >= src.length()) {
                throw new TemplateException("line " + line + ": tag is not closed with " + close);
            }
            if (src.startsWith("-" + close, pos) && braces == 0) {
                tokens.add(new Token(closeKind, close, line));
                pos += 3;
                skipLeadingWhitespace();
                return;
            }
            if (src.startsWith(close, pos) && braces == 0) {
                tokens.add(new Token(closeKind, close, line));
                pos += 2;
                return;
            }
            char c = src.charAt(pos);
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            }
            expressionToken(c);
        }
    }

    private void skipSpaces() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            if (src.charAt(pos++) == '\n') {
                line++;
            }
        }
    }

    private void expressionToken(char c) {
        if (c == '\'' || c == '"') {
            tokens.add(new Token(Token.Kind.STRING, string(c), line));
        } else if (Character.isDigit(c)) {
            int start = pos;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            boolean isFloat = pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))
                    && !(tokens.getLast().isOp("."));
            if (isFloat) {
                pos++;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            }
            tokens.add(new Token(isFloat ? Token.Kind.FLOAT : Token.Kind.INT, src.substring(start, pos).replace("_", ""), line));
        } else if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            tokens.add(new Token(Token.Kind.NAME, src.substring(start, pos), line));
        } else {
            for (String op : OPS) {
                if (src.startsWith(op, pos)) {
                    tokens.add(new Token(Token.Kind.OP, op, line));
                    pos += op.length();
                    return;
                }
            }
            throw new TemplateException("line " + line + ": unexpected character '" + c + "'");
        }
    }

    private String string(char quote) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw new TemplateException("line " + line + ": string is not closed");
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '\'', '"', '\\' -> sb.append(e);
                case 'x', 'u' -> {
                    int len = e == 'x' ? 2 : 4;
                    sb.append((char) Integer.parseInt(src.substring(pos, pos + len), 16));
                    pos += len;
                }
                default -> throw new TemplateException("line " + line + ": unknown escape \\" + e);
            }
        }
    }
}
