package dev.sluice.jinja;

import dev.sluice.jinja.Token.Kind;
import java.util.List;

/** A cursor over the tokens of one template, shared by the statement and expression parsers. */
final class TokenStream {
    private final List<Token> tokens;
    private final Source source;
    private int pos;

    TokenStream(List<Token> tokens, Source source) {
        this.tokens = tokens;
        this.source = source;
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (!t.is(Kind.END)) {
            pos++;
        }
        return t;
    }

    int position() {
        return pos;
    }

    /** Whether a name token {@code name} occurs between token {@code from} (inclusive) and the cursor. */
    boolean mentionsSince(int from, String name) {
        for (int i = from; i < pos; i++) {
            if (tokens.get(i).isName(name)) {
                return true;
            }
        }
        return false;
    }

    boolean is(Kind kind) {
        return peek().is(kind);
    }

    boolean isName(String name) {
        return peek().isName(name);
    }

    /** Whether the next tokens are {@code {%} and a name among {@code names}. */
    boolean isStatement(List<String> names) {
        return peek().is(Kind.OPEN_STATEMENT) && peek(1).is(Kind.NAME) && names.contains(peek(1).text());
    }

    boolean accept(Kind kind) {
        if (is(kind)) {
            next();
            return true;
        }
        return false;
    }

    boolean acceptName(String name) {
        if (isName(name)) {
            next();
            return true;
        }
        return false;
    }

    Token expect(Kind kind, String what) {
        Token t = peek();
        if (!t.is(kind)) {
            throw error(t, "expected " + what + " but found " + t.describe());
        }
        return next();
    }

    void expectName(String name) {
        Token t = peek();
        if (!t.isName(name)) {
            throw error(t, "expected '" + name + "' but found " + t.describe());
        }
        next();
    }

    TemplateException error(Token at, String message) {
        return new TemplateException(source.describe(at.at()) + ": " + message);
    }
}
