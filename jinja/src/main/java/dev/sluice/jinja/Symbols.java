package dev.sluice.jinja;

import dev.sluice.jinja.Token.Kind;

/** The character classes and operator symbols of the reference lexer (ASCII words and digits only). */
final class Symbols {
    /** In the order the reference tries them: longer symbols before their prefixes where it matters. */
    private static final String[] ORDER =
            "{% %} {{ }} ( ) { } [ ] , . : | <= >= == != < > + - ~ ** * // / % =".split(" ");

    private Symbols() {}

    /** The symbol at {@code pos}, or {@code null}; inside a dict literal {@code }}} is two closing braces. */
    static String match(String src, int pos, boolean insideBraces) {
        for (String s : ORDER) {
            if (src.startsWith(s, pos) && !(insideBraces && s.equals("}}"))) {
                return s;
            }
        }
        return null;
    }

    static Kind kind(String symbol) {
        return switch (symbol) {
            case "{%" -> Kind.OPEN_STATEMENT;
            case "%}" -> Kind.CLOSE_STATEMENT;
            case "{{" -> Kind.OPEN_EXPRESSION;
            case "}}" -> Kind.CLOSE_EXPRESSION;
            case "(" -> Kind.OPEN_PAREN;
            case ")" -> Kind.CLOSE_PAREN;
            case "{" -> Kind.OPEN_BRACE;
            case "}" -> Kind.CLOSE_BRACE;
            case "[" -> Kind.OPEN_BRACKET;
            case "]" -> Kind.CLOSE_BRACKET;
            case "," -> Kind.COMMA;
            case "." -> Kind.DOT;
            case ":" -> Kind.COLON;
            case "|" -> Kind.PIPE;
            case "+", "-", "~" -> Kind.ADDITIVE;
            case "**" -> Kind.POWER;
            case "*", "//", "/", "%" -> Kind.MULTIPLICATIVE;
            case "=" -> Kind.EQUALS;
            default -> Kind.COMPARISON;
        };
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isWord(char c) {
        return isDigit(c) || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static int digitsEnd(String src, int i) {
        while (i < src.length() && isDigit(src.charAt(i))) {
            i++;
        }
        return i;
    }

    static int wordEnd(String src, int i) {
        while (i < src.length() && isWord(src.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The end of a {@code .digits} fraction starting at {@code i}, or {@code i} when there is none. */
    static int fractionEnd(String src, int i) {
        return i + 1 < src.length() && src.charAt(i) == '.' && isDigit(src.charAt(i + 1)) ? digitsEnd(src, i + 1) : i;
    }
}
