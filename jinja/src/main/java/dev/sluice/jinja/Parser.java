package dev.sluice.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A recursive-descent parser from tokens to {@link Node}s, following Jinja2's grammar and operator precedence. */
final class Parser {
    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "not", "in", "is", "if", "else", "elif", "for", "recursive");

    private final List<Token> tokens;
    private int pos;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node> parse(String template) {
        Parser p = new Parser(Lexer.tokenize(template));
        List<Node> body = p.block(Set.of());
        if (p.peek().kind() != Token.Kind.EOF) {
            Token t = p.tokens.get(p.pos + 1);
            throw p.error(t, "unexpected '" + t.text() + "' with no open block to end");
        }
        return body;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private TemplateException error(Token t, String message) {
        return new TemplateException("line " + t.line() + ": " + message);
    }

    private Token expect(Token.Kind kind, String text) {
        Token t = next();
        if (t.kind() != kind || (text != null && !t.text().equals(text))) {
            throw error(t, "expected " + (text != null ? "'" + text + "'" : kind.name().toLowerCase())
                    + " but found '" + t.text() + "'");
        }
        return t;
    }

    private boolean acceptOp(String op) {
        if (peek().isOp(op)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptName(String name) {
        if (peek().isName(name)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Statements up to (not including) a block tag whose name is in {@code ends}, or the end. */
    private List<Node> block(Set<String> ends) {
        List<Node> body = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case EOF -> {
                    if (!ends.isEmpty()) {
                        throw error(t, "missing {% " + String.join(" / ", ends) + " %}");
                    }
                    return body;
                }
                case TEXT -> body.add(new Node.Text(next().text(), t.line()));
                case VAR_OPEN -> {
                    next();
                    body.add(new Node.Output(expression(), t.line()));
                    expect(Token.Kind.VAR_CLOSE, null);
                }
                case BLOCK_OPEN -> {
                    Token name = tokens.get(pos + 1);
                    if (ends.contains(name.text())) {
                        return body;
                    }
                    next();
                    body.add(statement(next()));
                }
                default -> throw error(t, "unexpected '" + t.text() + "'");
            }
        }
    }

    private void endTag(String name) {
        expect(Token.Kind.BLOCK_OPEN, null);
        expect(Token.Kind.NAME, name);
        expect(Token.Kind.BLOCK_CLOSE, null);
    }

    private Node statement(Token keyword) {
        if (keyword.kind() != Token.Kind.NAME) {
            throw error(keyword, "expected a statement but found '" + keyword.text() + "'");
        }
        return switch (keyword.text()) {
            case "if" -> ifStatement(keyword);
            case "for" -> forStatement(keyword);
            case "set" -> setStatement(keyword);
            case "macro" -> macro(keyword);
            case "call" -> callBlock(keyword);
            case "filter" -> filterBlock(keyword);
            case "break" -> simple(new Node.Break(keyword.line()));
            case "continue" -> simple(new Node.Continue(keyword.line()));
            default -> throw error(keyword, "unknown statement '" + keyword.text() + "'");
        };
    }

    private Node simple(Node node) {
        expect(Token.Kind.BLOCK_CLOSE, null);
        return node;
    }

    private Node ifStatement(Token keyword) {
        Node test = expression();
        expect(Token.Kind.BLOCK_CLOSE, null);
        List<Node> then = block(Set.of("elif", "else", "endif"));
        expect(Token.Kind.BLOCK_OPEN, null);
        Token t = next();
        List<Node> otherwise = List.of();
        if (t.isName("elif")) {
            otherwise = List.of(ifStatement(t));
            return new Node.If(test, then, otherwise, keyword.line());
        }
        if (t.isName("else")) {
            expect(Token.Kind.BLOCK_CLOSE, null);
            otherwise = block(Set.of("endif"));
            endTag("endif");
            return new Node.If(test, then, otherwise, keyword.line());
        }
        expect(Token.Kind.BLOCK_CLOSE, null);
        return new Node.If(test, then, otherwise, keyword.line());
    }

    private Node forStatement(Token keyword) {
        List<String> targets = new ArrayList<>();
        boolean paren = acceptOp("(");
        do {
            targets.add(expect(Token.Kind.NAME, null).text());
        } while (acceptOp(","));
        if (paren) {
            expect(Token.Kind.OP, ")");
        }
        expect(Token.Kind.NAME, "in");
        Node iterable = or();
        Node filter = acceptName("if") ? or() : null;
        acceptName("recursive");
        expect(Token.Kind.BLOCK_CLOSE, null);
        List<Node> body = block(Set.of("else", "endfor"));
        List<Node> otherwise = List.of();
        if (tokens.get(pos + 1).isName("else")) {
            pos += 2;
            expect(Token.Kind.BLOCK_CLOSE, null);
            otherwise = block(Set.of("endfor"));
        }
        endTag("endfor");
        return new Node.For(targets, iterable, filter, body, otherwise, keyword.line());
    }

    private Node setStatement(Token keyword) {
        Token name = expect(Token.Kind.NAME, null);
        Node target = new Node.Name(name.text(), name.line());
        if (acceptOp(".")) {
            target = new Node.Attr(target, expect(Token.Kind.NAME, null).text(), name.line());
        }
        if (acceptOp("=")) {
            Node value = expression();
            if (peek().isOp(",")) {
                List<Node> items = new ArrayList<>(List.of(value));
                while (acceptOp(",")) {
                    items.add(expression());
                }
                value = new Node.ListExpr(items, name.line());
            }
            expect(Token.Kind.BLOCK_CLOSE, null);
            return new Node.Set(target, value, List.of(), keyword.line());
        }
        expect(Token.Kind.BLOCK_CLOSE, null);
        List<Node> body = block(Set.of("endset"));
        endTag("endset");
        return new Node.Set(target, null, body, keyword.line());
    }

    private Node macro(Token keyword) {
        String name = expect(Token.Kind.NAME, null).text();
        List<String> params = new ArrayList<>();
        List<Node> defaults = new ArrayList<>();
        expect(Token.Kind.OP, "(");
        while (!acceptOp(")")) {
            params.add(expect(Token.Kind.NAME, null).text());
            defaults.add(acceptOp("=") ? expression() : null);
            acceptOp(",");
        }
        expect(Token.Kind.BLOCK_CLOSE, null);
        List<Node> body = block(Set.of("endmacro"));
        endTag("endmacro");
        return new Node.Macro(name, params, defaults, body, keyword.line());
    }

    private Node callBlock(Token keyword) {
        Node call = expression();
        expect(Token.Kind.BLOCK_CLOSE, null);
        List<Node> body = block(Set.of("endcall"));
        endTag("endcall");
        return new Node.CallBlock(call, body, keyword.line());
    }

    private Node filterBlock(Token keyword) {
        Node filter = filters(new Node.Literal("", keyword.line()), true);
        expect(Token.Kind.BLOCK_CLOSE, null);
        List<Node> body = block(Set.of("endfilter"));
        endTag("endfilter");
        return new Node.FilterBlock(filter, body, keyword.line());
    }

    // ---- expressions, lowest precedence first ----

    Node expression() {
        Node value = or();
        if (peek().isName("if")) {
            Token t = next();
            Node test = or();
            Node otherwise = acceptName("else") ? expression() : new Node.Literal(Undefined.INSTANCE, t.line());
            return new Node.Ternary(test, value, otherwise, t.line());
        }
        return value;
    }

    private Node or() {
        Node left = and();
        while (peek().isName("or")) {
            next();
            left = new Node.Binary("or", left, and(), left.line());
        }
        return left;
    }

    private Node and() {
        Node left = not();
        while (peek().isName("and")) {
            next();
            left = new Node.Binary("and", left, not(), left.line());
        }
        return left;
    }

    private Node not() {
        if (peek().isName("not")) {
            Token t = next();
            return new Node.Unary("not", not(), t.line());
        }
        return compare();
    }

    private Node compare() {
        Node left = concat();
        while (true) {
            Token t = peek();
            if (t.kind() == Token.Kind.OP && Set.of("==", "!=", "<", ">", "<=", ">=").contains(t.text())) {
                next();
                left = new Node.Binary(t.text(), left, concat(), t.line());
            } else if (t.isName("in")) {
                next();
                left = new Node.Binary("in", left, concat(), t.line());
            } else if (t.isName("not") && tokens.get(pos + 1).isName("in")) {
                pos += 2;
                left = new Node.Binary("not in", left, concat(), t.line());
            } else {
                return left;
            }
        }
    }

    private Node concat() {
        Node left = additive();
        while (peek().isOp("~")) {
            Token t = next();
            left = new Node.Binary("~", left, additive(), t.line());
        }
        return left;
    }

    private Node additive() {
        Node left = multiplicative();
        while (peek().isOp("+") || peek().isOp("-")) {
            Token t = next();
            left = new Node.Binary(t.text(), left, multiplicative(), t.line());
        }
        return left;
    }

    private Node multiplicative() {
        Node left = power();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            Token t = next();
            left = new Node.Binary(t.text(), left, power(), t.line());
        }
        return left;
    }

    private Node power() {
        Node left = unary();
        while (peek().isOp("**")) {
            Token t = next();
            left = new Node.Binary("**", left, unary(), t.line());
        }
        return left;
    }

    private Node unary() {
        Token t = peek();
        if (t.isOp("-") || t.isOp("+")) {
            next();
            return filters(new Node.Unary(t.text(), unaryNoFilter(), t.line()), false);
        }
        return filters(postfix(primary()), false);
    }

    private Node unaryNoFilter() {
        Token t = peek();
        if (t.isOp("-") || t.isOp("+")) {
            next();
            return new Node.Unary(t.text(), unaryNoFilter(), t.line());
        }
        return postfix(primary());
    }

    private Node postfix(Node node) {
        while (true) {
            Token t = peek();
            if (t.isOp(".")) {
                next();
                Token name = next();
                if (name.kind() != Token.Kind.NAME && name.kind() != Token.Kind.INT) {
                    throw error(name, "expected an attribute name after '.'");
                }
                node = name.kind() == Token.Kind.INT
                        ? new Node.Item(node, new Node.Literal(Long.parseLong(name.text()), t.line()), t.line())
                        : new Node.Attr(node, name.text(), t.line());
            } else if (t.isOp("[")) {
                next();
                node = subscript(node, t);
            } else if (t.isOp("(")) {
                next();
                node = call(node, t);
            } else {
                return node;
            }
        }
    }

    private Node subscript(Node target, Token open) {
        Node start = null;
        if (!peek().isOp(":")) {
            start = expression();
            if (acceptOp("]")) {
                return new Node.Item(target, start, open.line());
            }
        }
        expect(Token.Kind.OP, ":");
        Node stop = peek().isOp(":") || peek().isOp("]") ? null : expression();
        Node step = null;
        if (acceptOp(":") && !peek().isOp("]")) {
            step = expression();
        }
        expect(Token.Kind.OP, "]");
        return new Node.Slice(target, start, stop, step, open.line());
    }

    private Node call(Node callee, Token open) {
        List<Node> args = new ArrayList<>();
        Map<String, Node> kwargs = new LinkedHashMap<>();
        arguments(args, kwargs);
        return new Node.Call(callee, args, kwargs, open.line());
    }

    /** Arguments after an opening parenthesis, up to and including the closing one. */
    private void arguments(List<Node> args, Map<String, Node> kwargs) {
        while (!acceptOp(")")) {
            if (peek().kind() == Token.Kind.NAME && tokens.get(pos + 1).isOp("=")) {
                String name = next().text();
                next();
                kwargs.put(name, expression());
            } else {
                args.add(expression());
            }
            if (!peek().isOp(")")) {
                expect(Token.Kind.OP, ",");
            }
        }
    }

    private Node filters(Node node, boolean first) {
        while (true) {
            Token t = peek();
            if (first || t.isOp("|")) {
                if (!first) {
                    next();
                }
                first = false;
                Token name = expect(Token.Kind.NAME, null);
                String filterName = name.text();
                while (acceptOp(".")) {
                    filterName += "." + expect(Token.Kind.NAME, null).text();
                }
                List<Node> args = new ArrayList<>();
                Map<String, Node> kwargs = new LinkedHashMap<>();
                if (acceptOp("(")) {
                    arguments(args, kwargs);
                }
                node = new Node.Filter(node, filterName, args, kwargs, name.line());
            } else if (t.isName("is")) {
                next();
                boolean negated = acceptName("not");
                Token name = next();
                if (name.kind() != Token.Kind.NAME) {
                    throw error(name, "expected a test name after 'is'");
                }
                List<Node> args = new ArrayList<>();
                if (acceptOp("(")) {
                    arguments(args, new LinkedHashMap<>());
                } else if (startsTestArgument(peek())) {
                    args.add(postfix(primary()));
                }
                node = new Node.Test(node, name.text(), args, negated, name.line());
            } else {
                return node;
            }
        }
    }

    private static boolean startsTestArgument(Token t) {
        return switch (t.kind()) {
            case STRING, INT, FLOAT -> true;
            case NAME -> !KEYWORDS.contains(t.text());
            default -> false;
        };
    }

    private Node primary() {
        Token t = next();
        return switch (t.kind()) {
            case STRING -> {
                StringBuilder s = new StringBuilder(t.text());
                while (peek().kind() == Token.Kind.STRING) {
                    s.append(next().text());
                }
                yield new Node.Literal(s.toString(), t.line());
            }
            case INT -> new Node.Literal(Long.parseLong(t.text()), t.line());
            case FLOAT -> new Node.Literal(Double.parseDouble(t.text()), t.line());
            case NAME -> switch (t.text()) {
                case "true", "True" -> new Node.Literal(Boolean.TRUE, t.line());
                case "false", "False" -> new Node.Literal(Boolean.FALSE, t.line());
                case "none", "None" -> new Node.Literal(null, t.line());
                default -> new Node.Name(t.text(), t.line());
            };
            case OP -> switch (t.text()) {
                case "(" -> parenthesized(t);
                case "[" -> new Node.ListExpr(items("]"), t.line());
                case "{" -> dict(t);
                default -> throw error(t, "unexpected '" + t.text() + "'");
            };
            default -> throw error(t, "unexpected '" + t.text() + "'");
        };
    }

    private Node parenthesized(Token open) {
        if (acceptOp(")")) {
            return new Node.ListExpr(List.of(), open.line());
        }
        Node first = expression();
        if (acceptOp(")")) {
            return first;
        }
        List<Node> items = new ArrayList<>(List.of(first));
        while (acceptOp(",")) {
            if (peek().isOp(")")) {
                break;
            }
            items.add(expression());
        }
        expect(Token.Kind.OP, ")");
        return new Node.ListExpr(items, open.line());
    }

    private List<Node> items(String close) {
        List<Node> items = new ArrayList<>();
        while (!acceptOp(close)) {
            items.add(expression());
            if (!peek().isOp(close)) {
                expect(Token.Kind.OP, ",");
            }
        }
        return items;
    }

    private Node dict(Token open) {
        List<Node> keys = new ArrayList<>();
        List<Node> values = new ArrayList<>();
        while (!acceptOp("}")) {
            keys.add(expression());
            expect(Token.Kind.OP, ":");
            values.add(expression());
            if (!peek().isOp("}")) {
                expect(Token.Kind.OP, ",");
            }
        }
        return new Node.DictExpr(keys, values, open.line());
    }
}
