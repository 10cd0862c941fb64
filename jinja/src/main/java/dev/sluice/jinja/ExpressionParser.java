package dev.sluice.jinja;

import dev.sluice.jinja.Expr.Arg;
import dev.sluice.jinja.Expr.BinaryOp;
import dev.sluice.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Expressions, with the reference's precedence, lowest first: {@code x if c else y}; {@code or}; {@code and};
 * {@code not}; comparisons and {@code in} (left-associative, not chained); {@code + - ~}; {@code * / // %};
 * {@code **} (left-associative); {@code is} tests; {@code |} filters; unary signs; calls, attributes, subscripts.
 */
final class ExpressionParser {
    private final TokenStream in;
    private final Arguments arguments;

    ExpressionParser(TokenStream in) {
        this.in = in;
        this.arguments = new Arguments(in, this);
    }

    Arguments arguments() {
        return arguments;
    }

    Expr expression() {
        Expr value = or();
        if (!in.isName("if")) {
            return value;
        }
        Token t = in.next();
        Expr condition = or();
        if (in.acceptName("else")) {
            return new Expr.Ternary(condition, value, expression(), t.at());
        }
        return new Expr.Select(value, condition, t.at());
    }

    /** One expression, or several separated by commas (a tuple); {@code primaryOnly} for loop targets. */
    List<Expr> sequence(boolean primaryOnly) {
        List<Expr> items = new ArrayList<>();
        items.add(primaryOnly ? primary() : expression());
        while (in.accept(Kind.COMMA)) {
            items.add(primaryOnly ? primary() : expression());
            if (!in.is(Kind.COMMA)) {
                break;
            }
        }
        return items;
    }

    private Expr or() {
        Expr left = and();
        while (in.isName("or")) {
            Token t = in.next();
            left = new Expr.Binary(BinaryOp.OR, left, and(), t.at());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (in.isName("and")) {
            Token t = in.next();
            left = new Expr.Binary(BinaryOp.AND, left, not(), t.at());
        }
        return left;
    }

    private Expr not() {
        if (in.isName("not")) {
            Token t = in.next();
            return new Expr.Unary(Expr.UnaryOp.NOT, not(), t.at());
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        while (true) {
            Token t = in.peek();
            BinaryOp op;
            if (t.isName("not") && in.peek(1).isName("in")) {
                in.next();
                op = BinaryOp.NOT_IN;
            } else if (t.isName("in")) {
                op = BinaryOp.IN;
            } else if (t.is(Kind.COMPARISON)) {
                op = BinaryOp.of(t.text());
            } else {
                return left;
            }
            in.next();
            left = new Expr.Binary(op, left, additive(), t.at());
        }
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (in.is(Kind.ADDITIVE)) {
            Token t = in.next();
            left = new Expr.Binary(BinaryOp.of(t.text()), left, multiplicative(), t.at());
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = power();
        while (in.is(Kind.MULTIPLICATIVE)) {
            Token t = in.next();
            left = new Expr.Binary(BinaryOp.of(t.text()), left, power(), t.at());
        }
        return left;
    }

    private Expr power() {
        Expr left = test();
        while (in.is(Kind.POWER)) {
            Token t = in.next();
            left = new Expr.Binary(BinaryOp.POW, left, test(), t.at());
        }
        return left;
    }

    private Expr test() {
        Expr operand = filter();
        while (in.isName("is")) {
            in.next();
            boolean negated = in.acceptName("not");
            Token name = in.expect(Kind.NAME, "a test name after 'is'");
            List<Arg> args = in.is(Kind.OPEN_PAREN) ? arguments.call() : List.of();
            operand = new Expr.Test(operand, name.text(), args, negated, name.at());
        }
        return operand;
    }

    private Expr filter() {
        Expr operand = unarySign();
        while (in.accept(Kind.PIPE)) {
            Token name = in.expect(Kind.NAME, "a filter name after '|'");
            boolean called = in.is(Kind.OPEN_PAREN);
            List<Arg> args = called ? arguments.call() : List.of();
            operand = new Expr.Filter(operand, name.text(), args, called, name.at());
        }
        return operand;
    }

    private Expr unarySign() {
        Token t = in.peek();
        if ((t.is(Kind.UNARY) || t.is(Kind.ADDITIVE)) && (t.text().equals("-") || t.text().equals("+"))) {
            in.next();
            Expr.UnaryOp op = t.text().equals("-") ? Expr.UnaryOp.MINUS : Expr.UnaryOp.PLUS;
            return new Expr.Unary(op, unarySign(), t.at());
        }
        return postfix(primary());
    }

    /** Attribute access, subscripts and calls after a primary expression. */
    Expr postfix(Expr object) {
        while (true) {
            Token t = in.peek();
            if (t.is(Kind.DOT)) {
                in.next();
                object = attribute(object, in.next());
            } else if (t.is(Kind.OPEN_BRACKET)) {
                in.next();
                object = Subscripts.parse(in, this, object, t);
            } else if (t.is(Kind.OPEN_PAREN)) {
                object = new Expr.Call(object, arguments.call(), object.at());
            } else {
                return object;
            }
        }
    }

    private Expr attribute(Expr object, Token name) {
        if (name.is(Kind.NAME)) {
            return new Expr.Member(object, name.text(), name.at());
        }
        if (name.is(Kind.NUMBER) && !name.text().contains(".")) {
            return new Expr.Index(object, Literals.number(name), name.at());
        }
        throw in.error(name, "expected an attribute name after '.' but found " + name.describe());
    }

    Expr primary() {
        Token t = in.next();
        return switch (t.kind()) {
            case NUMBER -> Literals.number(t);
            case STRING -> {
                StringBuilder s = new StringBuilder(t.text());
                while (in.is(Kind.STRING)) {
                    s.append(in.next().text());
                }
                yield new Expr.Literal(s.toString(), t.at());
            }
            case NAME -> Literals.name(t);
            case OPEN_PAREN -> {
                List<Expr> items = sequence(false);
                in.expect(Kind.CLOSE_PAREN, "')'");
                yield items.size() == 1 ? items.getFirst() : new Expr.ListLiteral(items, t.at());
            }
            case OPEN_BRACKET -> new Expr.ListLiteral(Literals.list(in, this), t.at());
            case OPEN_BRACE -> Literals.dict(in, this, t);
            default -> throw in.error(t, "unexpected " + t.describe());
        };
    }
}
