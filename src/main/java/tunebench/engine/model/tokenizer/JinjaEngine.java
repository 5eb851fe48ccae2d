package tunebench.engine.model.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Jinjava set up like transformers' chat-template environment
 * ({@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)} with loopcontrols,
 * {@code raise_exception}, {@code strftime_now} and an unescaped Python-style {@code tojson}).
 */
final class JinjaEngine {

    private static final Jinjava JINJAVA = create();

    private JinjaEngine() {}

    /**
     * Renders a template, throwing where jinja2 would have: Jinjava records errors in the
     * result and carries on, which would quietly train on a half-rendered prompt.
     */
    static String render(String template, Map<String, Object> bindings) {
        RenderResult result = JINJAVA.renderForResult(stripOneTrailingNewline(template), bindings);
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
