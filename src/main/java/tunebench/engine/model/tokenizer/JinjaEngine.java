package tunebench.engine.model.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.Node;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jinjava set up like transformers' chat-template environment
 * ({@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)} with loopcontrols,
 * {@code raise_exception}, {@code strftime_now} and an unescaped Python-style {@code tojson}).
 */
final class JinjaEngine {

    private static final Jinjava JINJAVA = create();

    // Parsed templates by source. Jinjava re-parses on every render (about half its time for a
    // chat template); a tree renders any number of times, from any thread (nodes are immutable).
    // Few distinct templates exist; a bound keeps typed-in ones from piling up.
    private static final int CACHED = 64;
    private static final Map<String, Optional<Node>> PARSED = new ConcurrentHashMap<>();

    // renderForResult builds a fresh copy of the global context (every filter, function and
    // tag registered again) per render, most of what is left once parsing is gone. A render
    // only adds bookkeeping to it (expressions resolved, dependencies), which reset() clears,
    // so each thread keeps one copy and resets it after every render.
    private static final ThreadLocal<Context> GLOBALS =
            ThreadLocal.withInitial(JINJAVA::getGlobalContextCopy);

    private JinjaEngine() {}

    /**
     * Renders a template, throwing where jinja2 would have: Jinjava records errors in the
     * result and carries on, which would quietly train on a half-rendered prompt.
     */
    static String render(String template, Map<String, Object> bindings) {
        String source = stripOneTrailingNewline(template);
        // Inside another render (a template calling back into us) Jinjava inherits that
        // render's context; only the ordinary path does that.
        Optional<Node> root = JinjavaInterpreter.getCurrent() == null ? parsed(source) : Optional.empty();
        RenderResult result = root.isPresent() ? renderTree(root.get(), bindings) : null;
        if (result == null) {
            result = JINJAVA.renderForResult(source, bindings);
        }
        return checked(result);
    }

    /** Renders with Jinjava's own parse, every time: the reference the cached path must equal. */
    static String renderUncached(String template, Map<String, Object> bindings) {
        return checked(JINJAVA.renderForResult(stripOneTrailingNewline(template), bindings));
    }

    /**
     * The source's tree, or empty when parsing reported anything: those go through Jinjava's
     * own render every time, so their errors read exactly as before.
     */
    private static Optional<Node> parsed(String source) {
        Optional<Node> root = PARSED.get(source);
        if (root != null) {
            return root;
        }
        // Parsed as renderForResult parses: by a fresh interpreter, before it becomes current.
        JinjavaInterpreter parser = newInterpreter(Map.of());
        try {
            Node node = parser.parse(source);
            root = parser.getErrorsCopy().isEmpty() ? Optional.of(node) : Optional.empty();
        } catch (RuntimeException e) {
            root = Optional.empty();
        } finally {
            GLOBALS.get().reset();
            JINJAVA.getGlobalContext().reset();
        }
        if (PARSED.size() >= CACHED) {
            PARSED.clear();
        }
        PARSED.put(source, root);
        return root;
    }

    /**
     * What {@code Jinjava.renderForResult} does after parsing: a fresh context over a copy of the
     * global one, a fresh interpreter. Null when rendering threw (Jinjava turns each kind of
     * exception into its own error; the caller renders again the ordinary way to get it).
     */
    private static RenderResult renderTree(Node root, Map<String, Object> bindings) {
        JinjavaInterpreter interpreter = newInterpreter(bindings);
        try {
            String output = interpreter.render(root);
            if (!interpreter.getConfig().isKeepTrailingNewline() && output.endsWith("\n")) {
                output = output.substring(0, output.length() - 1); // as renderForResult does
            }
            return new RenderResult(output, interpreter.getContext(), interpreter.getErrorsCopy());
        } catch (RuntimeException e) {
            return null;
        } finally {
            GLOBALS.get().reset();
            JINJAVA.getGlobalContext().reset();
        }
    }

    private static JinjavaInterpreter newInterpreter(Map<String, ?> bindings) {
        JinjavaConfig config = JINJAVA.getGlobalConfig();
        Context context = new Context(GLOBALS.get(), bindings, config.getDisabled());
        return config.getInterpreterFactory().newInstance(JINJAVA, context, config);
    }

    private static String checked(RenderResult result) {
        for (TemplateError error : result.getErrors()) {
            TemplateRaised raised = findRaised(error.getException());
            if (raised != null) {
                throw new ChatTemplateException(raised.getMessage(), raised);
            }
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                String where = error.getLineno() > 0 ? " (template line " + error.getLineno() + ")" : "";
                throw new ChatTemplateException(
                        "Chat template failed: " + error.getMessage() + where, error.getException());
            }
        }
        return result.getOutput();
    }

    /** jinja2's default {@code keep_trailing_newline=False} drops one newline from the source. */
    static String stripOneTrailingNewline(String source) {
        if (source.endsWith("\r\n")) {
            return source.substring(0, source.length() - 2);
        }
        if (source.endsWith("\n") || source.endsWith("\r")) {
            return source.substring(0, source.length() - 1);
        }
        return source;
    }

    private static Jinjava create() {
        LegacyOverrides pythonLike = LegacyOverrides.newBuilder()
                .withUseNaturalOperatorPrecedence(true)
                .withParseWhitespaceControlStrictly(true)
                .withUseTrimmingForNotesAndExpressions(true)
                .withKeepNullableLoopValues(true)
                .withHandleBackslashInQuotesOnly(true)
                .withEvaluateMapKeys(true)
                .withIterateOverMapKeys(true)
                .withUsePyishObjectMapper(true)
                // Jinjava's "false" strips the rendered output's last newline, not the source's:
                // keep it and strip the source ourselves, as jinja2 does.
                .withDefaultKeepTrailingNewlineBehavior(true)
                .build();
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withKeepTrailingNewline(true)
                .withLegacyOverrides(pythonLike)
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition(
                "", "raise_exception", JinjaEngine.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition(
                "", "strftime_now", JinjaEngine.class, "strftimeNow", String.class));
        jinjava.getGlobalContext().registerFilter(new ToJson());
        return jinjava;
    }

    /** {@code raise_exception(msg)}: the template's way to refuse a conversation. */
    public static String raiseException(String message) {
        throw new TemplateRaised(message);
    }

    /** {@code strftime_now(fmt)}: the local time in Python strftime format (Llama 3.1's date line). */
    public static String strftimeNow(String format) {
        return Strftime.format(format, ZonedDateTime.now());
    }

    private static TemplateRaised findRaised(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof TemplateRaised raised) {
                return raised;
            }
        }
        return null;
    }

    /** Thrown by raise_exception; found again in Jinjava's error list by type. */
    static final class TemplateRaised extends RuntimeException {
        TemplateRaised(String message) {
            super(message);
        }
    }

    /** transformers' {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}. */
    static final class ToJson implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return new PyJson(false, null, false).dumps(var);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args,
                Map<String, Object> kwargs) {
            Object ensureAscii = kwargs.getOrDefault("ensure_ascii", args.length > 0 ? args[0] : null);
            Object indent = kwargs.getOrDefault("indent", args.length > 1 ? args[1] : null);
            Object sortKeys = kwargs.getOrDefault("sort_keys", args.length > 3 ? args[3] : null);
            return new PyJson(
                    Boolean.TRUE.equals(ensureAscii),
                    indent instanceof Number n ? Integer.valueOf(n.intValue()) : null,
                    Boolean.TRUE.equals(sortKeys)).dumps(var);
        }
    }
}
